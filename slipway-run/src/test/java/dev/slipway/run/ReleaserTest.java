package dev.slipway.run;

import static dev.slipway.release.ShopFixture.shopYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.release.ShopFixture;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application layer on the sandbox in virtual time, with the store in an H2 file. */
class ReleaserTest {

    /** The shop as it runs before the tests' releases (traffic enters at the frontend and fans out). */
    private static final Map<String, String> SHOP = new LinkedHashMap<>(ShopFixture.RUNNING);

    static {
        SHOP.remove("search");
    }

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Releaser releaser(ReleaseRecords records, Path specFile) {
        SystemSpec spec = SpecLoader.load(specFile).orThrow();
        return new Releaser(records, spec, specFile, warnings::add, Releaser.Fence.OPEN);
    }

    private Releaser.Ended deploy(Releaser releaser, Map<String, String> versions, ReleaseEngine.Options options,
                                  Path data) {
        try (World world = World.open(data, releaser.spec(), 0)) {
            Releaser.Preparation preparation = releaser.create(world, new ReleaseRequest("dev", versions),
                    options, null, Commit.NONE, Releaser.Starter.of("alice"));
            assertThat(preparation.prepared()).as("a plan to run").isPresent();
            return releaser.run(world, preparation.prepared().get(), ProgressListener.NONE, false);
        }
    }

    @Test
    void aReleaseResumedAfterTheSpecChangedFollowsThePlanItStartedWith() throws IOException {
        Path specFile = dir.resolve("slipway.yaml");
        String yaml = shopYaml();
        Files.writeString(specFile, yaml);
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            assertThat(deploy(releaser(records, specFile), SHOP, ReleaseEngine.Options.DEFAULT, data).result())
                    .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED));

            // catalog's canary waits at a manual gate: the release pauses, its plan saved with it
            Releaser.Ended paused = deploy(releaser(records, specFile), Map.of("catalog", "1.5.0"),
                    ReleaseEngine.Options.DEFAULT.withManualGates(Set.of("catalog")), data);
            assertThat(paused.result()).as("paused at the gate").isEmpty();
            assertThat(paused.held()).containsExactly("catalog");

            // meanwhile someone edits slipway.yaml: catalog's canary steps and replicas change
            assertThat(yaml).contains("steps: [10, 25, 50, 100]");
            Files.writeString(specFile, yaml.replace("steps: [10, 25, 50, 100]", "steps: [50, 100]"));

            ReleaseRecord record = records.require(paused.record().id());
            Releaser resumed = releaser(records, specFile);
            Releaser.Ended ended;
            try (World world = World.open(data, resumed.spec(), 0)) {
                Releaser.Prepared prepared = resumed.proceed(world, record, engine -> engine.resume(record.id()));
                ended = resumed.run(world, prepared, ProgressListener.NONE, false);
            }

            assertThat(ended.result()).hasValueSatisfying(r ->
                    assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.SUCCEEDED));
            assertThat(ended.transitions().stream().filter(t -> t.service().equals("catalog"))
                    .map(Transition::weight).filter(w -> w > 0 && w < 100).distinct())
                    .as("the canary's weights are the saved plan's steps, not the edited file's")
                    .containsExactly(10, 25, 50);
            assertThat(warnings).anySatisfy(w -> assertThat(w)
                    .contains("changed since " + record.id() + " started")
                    .contains("continues with the plan it was started with")
                    .contains("catalog: strategy Canary[steps=[10, 25, 50, 100]")
                    .contains("-> Canary[steps=[50, 100]"));
        }
    }
}
