package dev.slipway.run;

import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonGenerator;
import dev.slipway.model.VersionRange;
import dev.slipway.model.Dependency;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.report.RootCauseReport;
import java.nio.file.Files;
import dev.slipway.release.execute.Journal;
import dev.slipway.release.execute.ReleaseJson;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.report.EvidenceLog;
import dev.slipway.store.Store;
import dev.slipway.store.StoredRelease;
import dev.slipway.store.StoredRollout;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The releases of a store: each {@link ReleaseRecord} kept with its release row (state, outcome and rollouts for
 * the API and reports; the record itself as the row's document, to re-plan it), its transitions in the store's
 * journal, and its evidence in the data directory. Ids are {@code r-<environment>-<n>}, n increasing across the store.
 */
public final class ReleaseRecords {

    /** Version ranges are kept in the document as their text, as they were before they were typed. */
    private static final JsonMapper JSON = JsonMapper.builder().addModule(new SimpleModule("version-ranges")
            .addSerializer(VersionRange.class, new StdSerializer<>(VersionRange.class) {
                @Override
                public void serialize(VersionRange range, JsonGenerator out, SerializationContext context) {
                    out.writeString(range.text());
                }
            })
            .addDeserializer(VersionRange.class, new StdDeserializer<>(VersionRange.class) {
                @Override
                public VersionRange deserialize(JsonParser in, DeserializationContext context) {
                    String text = in.getValueAsString();
                    return VersionRange.parse(text).orElseThrow(() -> context.weirdStringException(text,
                            VersionRange.class, "not a version range"));
                }
            })).build();
    private static final Pattern ID = Pattern.compile("r-(.+)-(\\d+)");

    private final Store store;
    private final Path dataDir;
    private final InstantSource clock;

    public ReleaseRecords(Store store, Path dataDir) {
        this(store, dataDir, InstantSource.system());
    }

    ReleaseRecords(Store store, Path dataDir, InstantSource clock) {
        this.store = store;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    public Store store() {
        return store;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Journal journal() {
        return store.journal();
    }

    /** Every judgement and pod event of each release, for its report: in the store, so any replica reads it. */
    public EvidenceLog evidence() {
        return store.evidence();
    }

    /** Why the release ended as it did: root cause, evidence, what was rolled back (see {@link RootCauseReport}). */
    public RootCauseReport report(ReleaseRecord record) {
        return RootCauseReport.of(record.id(), record.environment(), record.state(), released(record),
                journal().read(record.id()), evidence().read(record.id()));
    }

    /**
     * The release's services with what they depend on: from its saved plan (what each target version declared), or,
     * for a record from before plans were saved, from the spec it ran with when that can still be read.
     */
    private static List<RootCauseReport.Released> released(ReleaseRecord record) {
        Function<String, List<String>> dependsOn = dependencies(record);
        if (record.result() == null) {
            return record.versions().entrySet().stream().map(e -> new RootCauseReport.Released(e.getKey(),
                    Optional.ofNullable(record.before().get(e.getKey())).map(ReleaseRecord.Before::version),
                    e.getValue(), record.state(), dependsOn.apply(e.getKey()))).toList();
        }
        return record.result().services().stream().map(s -> new RootCauseReport.Released(s.name(),
                Optional.ofNullable(s.from()), s.to(), s.outcome(), dependsOn.apply(s.name()))).toList();
    }

    private static Function<String, List<String>> dependencies(ReleaseRecord record) {
        if (record.plan() != null) {
            return service -> record.plan().services().stream().filter(s -> s.name().equals(service))
                    .findFirst().map(s -> List.copyOf(s.ranges().keySet())).orElse(List.of());
        }
        Path file = Path.of(record.spec());
        Optional<SystemSpec> spec = Files.isRegularFile(file) ? SpecLoader.load(file).spec() : Optional.empty();
        return service -> spec.flatMap(s -> s.service(service)).map(s -> s.dependsOn().stream()
                .map(Dependency::service).toList()).orElse(List.of());
    }

    /**
     * The next id after {@code all} (every release of the store); call it while holding the environment's lock so
     * that no other release takes it.
     */
    static String nextId(String environment, List<ReleaseRecord> all) {
        long max = all.stream().mapToLong(ReleaseRecords::number).max().orElse(0);
        return "r-" + environment + "-" + (max + 1);
    }

    static long number(ReleaseRecord record) {
        Matcher m = ID.matcher(record.id());
        return m.matches() ? Long.parseLong(m.group(2)) : 0;
    }

    /** Stores the record: a new release, or the new state of one stored before. */
    public void save(ReleaseRecord record) {
        String document = JSON.writeValueAsString(record);
        Instant now = clock.instant();
        Optional<StoredRelease> stored = store.releases().find(record.id());
        if (stored.isPresent()) {
            store.releases().update(stored.get().with(record.state(), outcome(record), now, rollouts(record)),
                    document);
        } else {
            store.releases().save(new StoredRelease(record.id(), record.environment(), record.state(), record.spec(),
                    record.versions(), record.digests(), now, now, outcome(record), rollouts(record)), document);
        }
    }

    private static Optional<String> outcome(ReleaseRecord record) {
        return Optional.ofNullable(record.result()).map(ReleaseRecord.Result::outcome);
    }

    /** Each service the release rolls out; its outcome once the release has ended. */
    private static List<StoredRollout> rollouts(ReleaseRecord record) {
        List<StoredRollout> rollouts = new ArrayList<>();
        if (record.result() != null) {
            for (ReleaseRecord.ServiceResult s : record.result().services()) {
                rollouts.add(new StoredRollout(s.name(), Optional.ofNullable(s.from()), s.to(),
                        Optional.of(s.outcome()), Optional.empty(), Optional.empty()));
            }
            return rollouts;
        }
        record.versions().forEach((service, version) -> rollouts.add(new StoredRollout(service,
                Optional.ofNullable(record.before().get(service)).map(ReleaseRecord.Before::version), version,
                Optional.empty(), Optional.empty(), Optional.empty())));
        return rollouts;
    }

    public Optional<ReleaseRecord> load(String id) {
        return store.releases().document(id).map(ReleaseRecords::read);
    }

    /** The release {@code id}, or a user error saying where it was looked for. */
    public ReleaseRecord require(String id) {
        return load(id).orElseThrow(() -> new UserError("no release " + id + " in the store of " + dataDir,
                "`slipway status --env ENV` names the last release of an environment"));
    }

    /** Every release, oldest first. */
    public List<ReleaseRecord> all() {
        List<ReleaseRecord> records = new ArrayList<>(store.releases().documents().stream()
                .map(ReleaseRecords::read).toList());
        records.sort(Comparator.comparingLong(ReleaseRecords::number));
        return records;
    }

    public List<ReleaseRecord> of(String environment) {
        return all().stream().filter(r -> r.environment().equals(environment)).toList();
    }

    private static ReleaseRecord read(String document) {
        try {
            return JSON.readValue(document, ReleaseRecord.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("a stored release is not a release record: " + e.getOriginalMessage(), e);
        }
    }

    /** The result in the record's form: exactly what {@code deploy --format json} printed. */
    public static ReleaseRecord.Result result(ReleaseResult result) {
        return JSON.readValue(ReleaseJson.render(result), ReleaseRecord.Result.class);
    }
}
