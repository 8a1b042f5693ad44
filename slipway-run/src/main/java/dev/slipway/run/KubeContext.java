package dev.slipway.run;

import dev.slipway.model.UserError;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cluster of an environment that names a kube context: a fabric8 client configured from the user's
 * kubeconfig ({@code --kubeconfig}, else {@code $KUBECONFIG}, else {@code ~/.kube/config}) for exactly that
 * context. A context the kubeconfig does not hold is refused before any request is sent.
 */
public final class KubeContext {

    /** Few retries: an unreachable cluster should be reported in seconds, not after minutes of back-off. */
    private static final int RETRIES = 2;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private KubeContext() {
    }

    public static KubernetesClient connect(String context, Optional<Path> kubeconfig) {
        Config config;
        try {
            Config all = kubeconfig.map(KubeContext::fromFile).orElseGet(() -> Config.autoConfigure(null));
            List<String> known = all.getContexts() == null ? List.of()
                    : all.getContexts().stream().map(NamedContext::getName).toList();
            String source = kubeconfig.map(Path::toString).orElse(kubeconfigs());
            if (!known.contains(context)) {
                throw new UserError("kube context " + context + " is not in " + source,
                        known.isEmpty() ? "point --kubeconfig FILE (or KUBECONFIG) at the kubeconfig that has it"
                                : "contexts there: " + String.join(", ", known)
                                + "; or point --kubeconfig FILE (or KUBECONFIG) at another kubeconfig");
            }
            config = kubeconfig.map(f -> Config.fromKubeconfig(context, f.toFile()))
                    .orElseGet(() -> Config.autoConfigure(context));
        } catch (KubernetesClientException e) {
            throw new UserError("cannot read the kubeconfig: " + message(e),
                    "check --kubeconfig FILE / KUBECONFIG");
        }
        config.setRequestRetryBackoffLimit(RETRIES);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Config fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("no kubeconfig at " + file, "pass the path of an existing kubeconfig file");
        }
        return Config.fromKubeconfig(null, file.toFile());
    }

    private static String kubeconfigs() {
        List<String> files = Config.getKubeconfigFilenames().stream()
                .filter(f -> new File(f).isFile()).toList();
        return files.isEmpty() ? "any kubeconfig (none found: $KUBECONFIG unset or empty, no ~/.kube/config)"
                : String.join(", ", files);
    }

    /** An API call that failed: no such host, connection refused, forbidden... as a user's error. */
    static UserError unreachable(String context, RuntimeException e) {
        return new UserError("the cluster of kube context " + context + " did not answer: " + message(e),
                "check that the cluster runs and that the context's credentials are valid (e.g. `kubectl --context "
                        + context + " get deployments`)");
    }

    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || root.getMessage() == null ? top : top + " (" + root.getMessage() + ")";
    }
}
