package dev.slipway.cli;

import dev.slipway.kubernetes.LeaseLeadership;
import dev.slipway.model.SystemSpec;
import dev.slipway.run.ClusterAccess;
import dev.slipway.run.KubeContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.slipway.model.UserError;
import dev.slipway.store.Store;
import io.javalin.util.JavalinBindException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Slipway server until interrupted (Ctrl-C): the API, and the releases it is asked for.",
            "",
            "Serves the REST API under /api/v1 (its OpenAPI document at /api/v1/openapi.json), /healthz, /readyz "
                + "and Prometheus metrics at /metrics; structured logs (one JSON object per line: each request, each "
                + "release event) go to stderr. The state is the H2 database in the data directory, or the "
                + "PostgreSQL database of --db-url (user and password from $" + StoreOption.USER + " and $"
                + StoreOption.PASSWORD + ").",
            "",
            "With --config slipway.yaml the server runs releases (POST /api/v1/releases): on the sandbox of the data "
                + "directory in real time sped up --speed times, or on the cluster of an environment's kubeContext "
                + "(or --kube-context), judged from Prometheus (--prometheus-url). Releases are journaled in the "
                + "database before every action: a server killed at any moment resumes them when it starts again. "
                + "With --lease NAMESPACE/NAME several replicas elect one leader through that Kubernetes Lease; "
                + "the leader runs releases, the others serve reads and answer release calls with 503. See "
                + "docs/api.md and docs/ha.md."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port to listen on, on every interface; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The slipway.yaml of the system whose releases this server runs; without it the server "
                    + "answers reads and refuses release calls (503).")
    Path config;

    @Option(names = "--kube-context", paramLabel = "CONTEXT",
            description = "The kube context of environments that name none in slipway.yaml (default: those run on "
                    + "the sandbox); also where --lease is held.")
    String kubeContext;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "1",
            description = "How many times faster than real time the sandbox runs (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--lease", paramLabel = "NAMESPACE/NAME",
            description = "Elect one leader among replicas through this Kubernetes Lease (e.g. slipway/slipway-leader)"
                    + "; its cluster is --kube-context's, else the in-cluster service account's.")
    String lease;

    @Option(names = "--lease-duration", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long followers wait after the leader's last renewal before one takes the Lease: a "
                    + "killed leader's releases resume that much later (default: ${DEFAULT-VALUE}, as client-go). The "
                    + "leader renews within 2/3 of it and followers retry every 1/5.")
    int leaseSeconds;

    @Option(names = "--identity", paramLabel = "NAME",
            description = "This replica's name in the Lease (default: $HOSTNAME, the pod's name in a cluster).")
    String identity;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS",
            description = "The address of a proxy in front of the server (an ingress controller, a sidecar), as the "
                    + "server sees it connect; repeatable. From these peers only, the client's address is taken from "
                    + "X-Forwarded-For (the right-most entry that is not a trusted proxy) for the failure limits and "
                    + "the audit log. Exact addresses, no ranges.")
    java.util.List<String> trustedProxies = new java.util.ArrayList<>();

    @Mixin
    KubernetesOption kube;

    @Mixin
    PrometheusOption prometheus;

    @Mixin
    StoreOption database;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be between 0 and 65535, got " + port, null);
        }
        if (leaseSeconds < 2) {
            throw new UserError("--lease-duration must be at least 2 seconds, got " + leaseSeconds, null);
        }
        if (!(speed > 0)) {
            throw new UserError("--speed must be positive, got " + speed, "1 is real time; the demo uses 60");
        }
        if (lease != null && config == null) {
            throw new UserError("--lease elects who runs releases, and without --config this server runs none",
                    "pass --config slipway.yaml");
        }
        Optional<ControlPlane.Releases> releases = Optional.empty();
        if (config != null) {
            Optional<SystemSpec> spec = SpecOption.load(config, err);
            if (spec.isEmpty()) {
                return 1;
            }
            ClusterAccess access = kube.access(Optional.ofNullable(kubeContext));
            releases = Optional.of(new ControlPlane.Releases(spec.get(), config, access, prometheus.url(), speed,
                    election()));
        }
        Store store = database.open();
        AsyncLog log = new AsyncLog(err);
        CountDownLatch stopped = new CountDownLatch(1);
        boolean interrupted = false;
        ControlPlane[] plane = new ControlPlane[1];
        Thread shutdown = new Thread(() -> {
            stopAll(plane[0], store, log);
            stopped.countDown();
        }, "slipway-serve-shutdown");
        try {
            try {
                plane[0] = ControlPlane.start(store, database.dataDir.dir(), releases, port, trustedProxies, log);
            } catch (JavalinBindException e) {
                throw new UserError("cannot listen on port " + port + ": " + StoreOption.rootMessage(e),
                        "is another server on that port? pick another with --port");
            }
            Runtime.getRuntime().addShutdownHook(shutdown);
            out.println("Slipway API on http://localhost:" + plane[0].port() + "/api/v1 (OpenAPI document: "
                    + "http://localhost:" + plane[0].port() + "/api/v1/openapi.json); Ctrl-C stops it");
            out.println("Slipway UI on http://localhost:" + plane[0].port() + "/ (sign in with a token from slipway "
                    + "token create)");
            out.flush();
            stopped.await(); // Ctrl-C runs the hook; an interrupt (an embedding caller) ends the wait
            return 0;
        } catch (InterruptedException e) {
            interrupted = true; // set again after stopping: Jetty and the pool would not stop cleanly while it is set
            return 0;
        } finally {
            // on an interrupt the hook has not run: stop here, and drop the hook so it does not run again later
            if (stopped.getCount() > 0) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdown);
                } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                    // the JVM is already exiting (the hook will stop all), or the server never started
                }
                stopAll(plane[0], store, log);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Optional<ControlPlane.Election> election() {
        if (lease == null) {
            return Optional.empty();
        }
        String[] parts = lease.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new UserError("--lease must be NAMESPACE/NAME, got '" + lease + "'", "e.g. --lease "
                    + "slipway/slipway-leader");
        }
        String name = identity != null ? identity : Optional.ofNullable(System.getenv("HOSTNAME"))
                .filter(h -> !h.isBlank()).orElse("slipway-" + ProcessHandle.current().pid());
        KubernetesClient client = kubeContext != null
                ? KubeContext.connect(kubeContext, Optional.ofNullable(kube.kubeconfig))
                : new KubernetesClientBuilder().build();
        Duration duration = Duration.ofSeconds(leaseSeconds);
        return Optional.of(new ControlPlane.Election(client, new LeaseLeadership.Settings(parts[0], parts[1], name,
                duration, duration.multipliedBy(2).dividedBy(3), duration.dividedBy(5))));
    }

    private static synchronized void stopAll(ControlPlane plane, Store store, AsyncLog log) {
        if (plane != null) {
            plane.close();
        }
        store.close();
        log.close();
    }
}
