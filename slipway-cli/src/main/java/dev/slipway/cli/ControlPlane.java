package dev.slipway.cli;

import dev.slipway.kubernetes.LeaseLeadership;
import dev.slipway.model.SystemSpec;
import dev.slipway.server.SlipwayServer;
import dev.slipway.run.ClusterAccess;
import dev.slipway.run.LogLine;
import dev.slipway.run.ReleaseRecords;
import dev.slipway.run.ReleaseService;
import dev.slipway.store.Store;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server as {@code serve} and the demo run it: the API over the store, and, with a slipway.yaml, the release
 * service, which runs releases while this replica leads: at once when it runs alone, or while it holds the
 * Kubernetes Lease when replicas elect a leader.
 */
final class ControlPlane implements AutoCloseable {

    private final SlipwayServer server;
    private final Optional<ReleaseService> releases;
    private final Optional<LeaseLeadership> leadership;
    private final Optional<KubernetesClient> leaseClient;

    private ControlPlane(SlipwayServer server, Optional<ReleaseService> releases,
                         Optional<LeaseLeadership> leadership, Optional<KubernetesClient> leaseClient) {
        this.server = server;
        this.releases = releases;
        this.leadership = leadership;
        this.leaseClient = leaseClient;
    }

    /** What runs releases, and how replicas agree on who does. */
    record Releases(SystemSpec spec, Path specFile, ClusterAccess access, Optional<String> prometheusUrl,
                    double speed, Optional<Election> election) {
    }

    /** Leader election through a Lease, with the client of the cluster that holds it. */
    record Election(KubernetesClient client, LeaseLeadership.Settings settings) {
    }

    /** Starts serving on {@code port}; with {@code releases}, runs them too (resuming what was left unfinished). */
    static ControlPlane start(Store store, Path dataDir, Optional<Releases> releases, int port, Consumer<String> log) {
        return start(store, dataDir, releases, port, java.util.List.of(), log);
    }

    /** @param trustedProxies the proxies whose X-Forwarded-For the server believes (serve --trusted-proxy) */
    static ControlPlane start(Store store, Path dataDir, Optional<Releases> releases, int port,
                              java.util.List<String> trustedProxies, Consumer<String> log) {
        Optional<ReleaseService> service = releases.map(r -> new ReleaseService(new ReleaseRecords(store, dataDir),
                r.spec(), r.specFile(), r.access(), r.prometheusUrl(), r.speed(), log));
        Optional<LeaseLeadership> leadership = Optional.empty();
        Optional<Election> election = releases.flatMap(Releases::election);
        SlipwayServer server;
        if (service.isPresent() && election.isPresent()) {
            ReleaseService running = service.get();
            LeaseLeadership lease = LeaseLeadership.start(election.get().client(), election.get().settings(),
                    new LeaseLeadership.Listener() {
                        @Override
                        public void startedLeading() {
                            running.lead();
                        }

                        @Override
                        public void stoppedLeading() {
                            running.stepDown();
                        }

                        @Override
                        public void newLeader(String identity) {
                            log.accept(LogLine.of("leader", identity + " leads"));
                        }
                    });
            leadership = Optional.of(lease);
            server = new SlipwayServer(store, running, lease::leader, log);
        } else if (service.isPresent()) {
            service.get().lead(); // alone: this replica is the leader
            server = new SlipwayServer(store, service.get(), Optional::empty, log);
        } else {
            server = new SlipwayServer(store, log);
        }
        if (releases.isPresent()) {
            server.editing(releases.get().specFile()); // the UI's builder edits the served file
        }
        ControlPlane plane = new ControlPlane(server, service, leadership, election.map(Election::client));
        try {
            server.trustProxies(trustedProxies).start(port);
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
        return plane;
    }

    int port() {
        return server.port();
    }

    Optional<ReleaseService> releases() {
        return releases;
    }

    /** Stops serving, hands leadership over (releasing the Lease) and stops running releases. */
    @Override
    public void close() {
        server.close();
        leadership.ifPresent(LeaseLeadership::close);
        releases.ifPresent(ReleaseService::close);
        leaseClient.ifPresent(KubernetesClient::close);
    }
}
