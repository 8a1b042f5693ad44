package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.ShopFixture;
import dev.slipway.store.Store;
import dev.slipway.store.auth.Role;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas of {@code slipway serve}, each its own JVM, share a real PostgreSQL and elect a leader through a Lease
 * on the fabric8 mock API server (CRUD mode). The leader runs a release; the follower serves reads and refuses to
 * release; the leader is killed mid-release (SIGKILL: its Lease is not released), and the follower takes the Lease
 * once it expires and resumes the release to its end.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class HighAvailabilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ENV = "production";

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path tmp;

    @Test
    void aFollowerTakesTheLeaseFromAKilledLeaderAndResumesItsRelease() throws IOException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            String token;
            try (Store store = Store.open(url, "postgres", "postgres")) {
                token = store.tokens().create("ci", Role.DEPLOYER, Set.of(ENV), "test", Instant.now()).secret();
            }
            Path spec = tmp.resolve("slipway.yaml");
            Files.writeString(spec, ShopFixture.directYaml() + ShopFixture.SEARCH);
            Path kubeconfig = tmp.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: mock
                      cluster: {server: "%s"}
                    contexts:
                    - name: mock
                      context: {cluster: mock, user: mock, namespace: slipway}
                    current-context: mock
                    users:
                    - name: mock
                      user: {token: mock}
                    """.formatted(client.getMasterUrl().toString()));
            Map<String, String> environment = Map.of("KUBECONFIG", kubeconfig.toString(),
                    StoreOption.USER, "postgres", StoreOption.PASSWORD, "postgres");
            Path data = tmp.resolve("data"); // the sandbox both replicas release to
            int portA = ServerProcess.freePort();
            int portB = ServerProcess.freePort();
            ServerProcess a = ServerProcess.start(portA, token, tmp.resolve("logs-a"), environment,
                    args(spec, data, url, "slipway-a"));
            ServerProcess b = ServerProcess.start(portB, token, tmp.resolve("logs-b"), environment,
                    args(spec, data, url, "slipway-b"));
            try {
                String first = awaitHolder(Optional.empty());
                ServerProcess leader = first.equals("slipway-a") ? a : b;
                ServerProcess follower = leader == a ? b : a;
                String install = leader.createRelease(ENV, ShopFixture.RUNNING);
                follower.awaitEnd(install); // a follower reads what the leader runs

                var refused = follower.post("/api/v1/releases", body(ShopFixture.NEXT));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.body()).contains("not-leader", first);

                String upgrade = leader.createRelease(ENV, ShopFixture.NEXT);
                assertThat(follower.reaches(upgrade, line -> line.equals("id: 8"))).as("the upgrade still runs").isTrue();
                leader.kill();
                String second = awaitHolder(Optional.of(first));
                assertThat(second).isNotEqualTo(first);
                String ended = follower.awaitEnd(upgrade);
                assertThat(ended).as("%s%n%s", follower.get("/api/v1/releases/" + upgrade + "/report").body(),
                        follower.logText()).isEqualTo("succeeded");
                assertThat(follower.logText()).contains("\"event\":\"leading\"", "\"event\":\"resuming\"", upgrade);
                assertThat(follower.runningIn(ENV)).isEqualTo(ShopFixture.NEXT);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static List<String> args(Path spec, Path data, String url, String identity) {
        return List.of("--config", spec.toString(), "--data-dir", data.toString(), "--db-url", url,
                "--speed", "60", "--lease", "slipway/slipway-leader", "--lease-duration", "3",
                "--identity", identity);
    }

    /** The Lease's holder once it names one other than {@code not}. */
    private static String awaitHolder(Optional<String> not) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Lease lease = client.leases().inNamespace("slipway").withName("slipway-leader").get();
            String holder = lease == null ? null : lease.getSpec().getHolderIdentity();
            if (holder != null && !holder.isBlank() && !not.equals(Optional.of(holder))) {
                return holder;
            }
            ServerProcess.sleep(100);
        }
        throw new AssertionError("no new holder of the Lease within 60 s");
    }

    private static String body(Map<String, String> versions) {
        return JSON.writeValueAsString(Map.of("environment", ENV, "versions", versions));
    }


}
