package dev.slipway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Build;
import dev.slipway.store.Store;
import dev.slipway.supply.gates.GateResult;
import dev.slipway.supply.registry.Digest;
import dev.slipway.supply.registry.OciLayout;
import dev.slipway.supply.registry.RegistryServer;
import dev.slipway.supply.registry.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A promotion into an environment with its own registry copies the image it deploys there by digest: two real
 * registries (Debian's docker-registry on loopback), the image pushed to the build registry with skopeo, the
 * release run on the sandbox.
 */
class RegistryPromotionTest {

    @TempDir
    Path dir;

    RegistryServer build;
    RegistryServer production;
    Skopeo skopeo;
    SystemSpec spec;
    Path specFile;
    Path data;

    @BeforeEach
    void registries() throws IOException {
        build = RegistryServer.start(dir.resolve("build-registry"));
        production = RegistryServer.start(dir.resolve("production-registry"));
        skopeo = new Skopeo(dir);
        specFile = Files.writeString(dir.resolve("slipway.yaml"), """
                system:
                  name: shop
                  registry: %s/shop
                  repository: https://github.com/acme/shop.git
                environments:
                  - name: dev
                  - name: staging
                    promoteFrom: dev
                  - name: production
                    promoteFrom: staging
                    registry: %s/prod
                services:
                  cart:
                    path: cart
                    language: go
                    port: 8080
                """.formatted(build.address, production.address));
        spec = SpecLoader.load(specFile).orThrow();
        data = Files.createDirectories(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        build.close();
        production.close();
    }

    private Releaser.Preparation release(ReleaseRecords records, ReleaseRequest request) {
        try (World world = World.open(records.store(), data, spec, 0)) {
            Releaser releaser = new Releaser(records, spec, specFile, w -> { }, Releaser.Fence.OPEN);
            Releaser.Preparation preparation = releaser.create(world, request, ReleaseEngine.Options.DEFAULT, null,
                    Commit.NONE, Releaser.Starter.of("ci"));
            preparation.prepared().ifPresent(p -> releaser.run(world, p, ProgressListener.NONE, false));
            return preparation;
        }
    }

    private ReleaseRequest promotion(Store store, String environment) {
        String from = spec.environment(environment).orElseThrow().promoteFrom().orElseThrow();
        return Promotion.request(spec, environment, World.inventory(store, data, spec, from, ClusterAccess.DEFAULT),
                World.inventory(store, data, spec, environment, ClusterAccess.DEFAULT), List.of());
    }

    @Test
    void productionPullsFromItsOwnRegistryTheDigestThatRanInStaging() {
        OciLayout layout = OciLayout.create(dir.resolve("layout"));
        OciLayout.Descriptor image = layout.image("amd64", "cart 1.1.0".getBytes(StandardCharsets.UTF_8));
        layout.tag("1.1.0", image);
        skopeo.push(layout, "1.1.0", build.address + "/shop/cart:1.1.0", Optional.empty());
        String digest = image.digest().toString();

        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            store.builds().record(new Build("cart", "1.1.0", build.address + "/shop/cart", digest, Optional.of("abc"),
                    Optional.empty(), Optional.empty(), "ci", Instant.now()));
            release(records, new ReleaseRequest("dev", Map.of("cart", "1.1.0")));
            release(records, promotion(store, "staging"));

            Releaser.Preparation prod = release(records, promotion(store, "production"));

            ReleaseRecord record = records.require(prod.prepared().orElseThrow().record().id());
            assertThat(record.state()).isEqualTo("succeeded");
            assertThat(record.admission().gates()).filteredOn(g -> g.name().equals("registry-copy"))
                    .singleElement().extracting(GateResult::detail).asString()
                    .startsWith("copied by digest to " + production.address + "/prod: " + production.address
                            + "/prod/cart:1.1.0@" + digest);
            byte[] served = skopeo.rawManifest(production.address + "/prod/cart:1.1.0", Optional.empty());
            assertThat(Digest.sha256(served).toString()).as("the same manifest, tagged with its version")
                    .isEqualTo(digest);
            assertThat(prod.plan()).isInstanceOf(dev.slipway.release.plan.Plan.class);
            assertThat(((dev.slipway.release.plan.Plan) prod.plan()).services().getFirst().image())
                    .isEqualTo(production.address + "/prod/cart@" + digest);
        }
    }

    @Test
    void aDigestTheBuildRegistryDoesNotHaveRefusesThePromotionBeforeAnythingChanges() {
        String missing = "sha256:" + "e".repeat(64);
        try (Store store = Store.h2(data)) {
            ReleaseRecords records = new ReleaseRecords(store, data);
            store.builds().record(new Build("cart", "1.2.0", build.address + "/shop/cart", missing,
                    Optional.empty(), Optional.empty(), Optional.empty(), "ci", Instant.now()));
            release(records, new ReleaseRequest("dev", Map.of("cart", "1.2.0")));
            release(records, promotion(store, "staging"));

            assertThatThrownBy(() -> release(records, promotion(store, "production"))).isInstanceOf(UserError.class)
                    .hasMessageStartingWith("the images of the release could not be copied to " + production.address
                            + "/prod: ");
            assertThat(World.inventory(store, data, spec, "production", ClusterAccess.DEFAULT).deployed("cart")).isEmpty();
            assertThat(records.all()).noneMatch(r -> r.environment().equals("production"));
        }
    }
}
