package dev.slipway.cli;

import dev.slipway.release.execute.FileJournal;
import dev.slipway.release.report.EvidenceFile;
import dev.slipway.release.execute.ReleaseJson;
import dev.slipway.release.execute.ReleaseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The releases of one data directory: records in {@code releases/<id>.json}, transitions in
 * {@code journal/<id>.jsonl}. Ids are {@code r-<environment>-<n>}, n increasing across the data directory.
 */
final class ReleaseStore {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Pattern ID = Pattern.compile("r-(.+)-(\\d+)");

    private final Path dataDir;

    ReleaseStore(Path dataDir) {
        this.dataDir = dataDir;
    }

    Path dataDir() {
        return dataDir;
    }

    Path releases() {
        return dataDir.resolve("releases");
    }

    FileJournal journal() {
        return new FileJournal(dataDir.resolve("journal"));
    }

    /** Every judgement and pod event of each release, for {@code slipway report}. */
    EvidenceFile evidence() {
        return new EvidenceFile(dataDir.resolve("evidence"));
    }

    /** The next id; call it while holding the environment's lock so that no other release takes it. */
    String nextId(String environment) {
        long max = all().stream().mapToLong(ReleaseStore::number).max().orElse(0);
        return "r-" + environment + "-" + (max + 1);
    }

    static long number(ReleaseRecord record) {
        Matcher m = ID.matcher(record.id());
        return m.matches() ? Long.parseLong(m.group(2)) : 0;
    }

    void save(ReleaseRecord record) {
        try {
            Files.createDirectories(releases());
            Path file = releases().resolve(record.id() + ".json");
            Path temporary = Files.createTempFile(releases(), record.id(), ".tmp");
            Files.writeString(temporary, JSON.writeValueAsString(record) + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the release record in " + releases(), e);
        }
    }

    Optional<ReleaseRecord> load(String id) {
        if (!id.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        Path file = releases().resolve(id + ".json");
        return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /** The release {@code id}, or a user error saying where it was looked for. */
    ReleaseRecord require(String id) {
        return load(id).orElseThrow(() -> new UserError("no release " + id + " in " + dataDir,
                "`slipway status --env ENV` names the last release of an environment"));
    }

    /** Every release of the data directory, oldest first. */
    List<ReleaseRecord> all() {
        if (!Files.isDirectory(releases())) {
            return List.of();
        }
        List<ReleaseRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(releases())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                records.add(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + releases(), e);
        }
        records.sort(Comparator.comparingLong(ReleaseStore::number));
        return records;
    }

    List<ReleaseRecord> of(String environment) {
        return all().stream().filter(r -> r.environment().equals(environment)).toList();
    }

    private static ReleaseRecord read(Path file) {
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), ReleaseRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new UserError(file + " is not a release record: " + e.getOriginalMessage(),
                    "move it away, or start afresh with another --data-dir");
        }
    }

    /** The result in the record's form: exactly what {@code deploy --format json} printed. */
    static ReleaseRecord.Result result(ReleaseResult result) {
        return JSON.readValue(ReleaseJson.render(result), ReleaseRecord.Result.class);
    }
}
