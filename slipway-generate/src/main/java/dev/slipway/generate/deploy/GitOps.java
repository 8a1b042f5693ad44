package dev.slipway.generate.deploy;

import dev.slipway.generate.GenerationException;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;

/** What Argo CD and Flux both need: the Git repository they sync from and the names of their objects. */
final class GitOps {

    private GitOps() {
    }

    /** {@code tool} is how the hint names the syncing tool: "Argo CD", "Flux". */
    static String repository(SystemSpec spec, String target, String tool) {
        return spec.system().repository().orElseThrow(() -> new GenerationException(
                "the " + target + " target needs system.repository, the Git repository that holds the generated manifests",
                "set system.repository to the Git URL " + tool + " syncs from"));
    }

    /** {@code SYSTEM-SERVICE-ENV}: unique in the one namespace (argocd, flux-system) that holds every system's objects. */
    static String name(SystemSpec spec, Service service, Environment environment) {
        return spec.system().name() + "-" + service.name() + "-" + environment.name();
    }

    static String name(SystemSpec spec, Environment environment) {
        return spec.system().name() + "-" + environment.name();
    }
}
