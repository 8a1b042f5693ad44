package dev.slipway.cli;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A standalone fabric8 mock API server in CRUD mode on a local port, a kubeconfig file whose context points at
 * it, and a thread that plays the Deployment controller: every Deployment whose status is behind its spec gets
 * observedGeneration = generation and every replica updated, ready and available (no pods: the mock has none).
 */
final class ApiServer implements AutoCloseable {

    /**
     * The mock logs every request at INFO, and its Vert.x event loop reports a notification it drops while shutting
     * down as SEVERE with a stack trace; both are noise here. Held so the levels are not lost with a collected logger.
     */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
    private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
        NETTY_LOG.setLevel(Level.OFF);
    }

    final KubernetesMockServer server;
    final KubernetesClient client;
    private final Thread controller;
    private volatile boolean stopped;

    private ApiServer(KubernetesMockServer server, String namespace) {
        this.server = server;
        this.client = server.createClient();
        this.controller = Thread.ofPlatform().name("test-deployment-controller").daemon()
                .start(() -> reconcileUntilStopped(namespace));
    }

    static ApiServer start(String namespace) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ApiServer(server, namespace);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A kubeconfig with one context, {@code context}, for a cluster at {@code url}. */
    static Path kubeconfig(Path file, String context, String url) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: test-cluster
                    cluster:
                      server: %s
                contexts:
                  - name: %s
                    context:
                      cluster: test-cluster
                      user: tester
                current-context: %s
                users:
                  - name: tester
                    user:
                      token: not-a-secret
                """.formatted(url, context, context));
        return file;
    }

    private void reconcileUntilStopped(String namespace) {
        while (!stopped) {
            try {
                for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                    DeploymentStatus wanted = ready(d);
                    if (!wanted.equals(d.getStatus())) {
                        d.setStatus(wanted);
                        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
                    }
                }
                Thread.sleep(20);
            } catch (KubernetesClientException e) {
                // a conflict with the adapter's write, or the server going down at the end: look again
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static DeploymentStatus ready(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                        .withReason("NewReplicaSetAvailable").build())
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        controller.join(2000);
        client.close();
        server.destroy();
    }
}
