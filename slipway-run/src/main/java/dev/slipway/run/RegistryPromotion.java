package dev.slipway.run;

import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.plan.Execution;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlannedService;
import dev.slipway.store.Build;
import dev.slipway.store.Store;
import dev.slipway.supply.registry.CopyResult;
import dev.slipway.supply.registry.Digest;
import dev.slipway.supply.registry.ImageCopier;
import dev.slipway.supply.registry.RegistryCredentials;
import dev.slipway.supply.registry.RegistryException;
import dev.slipway.supply.registry.Repository;
import java.util.Optional;
import dev.slipway.supply.gates.GateResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Before a release into an environment that names its own {@code registry}: every image Slipway built, by the digest
 * the release deploys, copied there from where it was built (its build record) — manifests and blobs over the OCI
 * distribution API, tagged with its version, never rebuilt — so that the environment's cluster pulls exactly the
 * digest that ran before it. Credentials come from the environment ({@link RegistryCredentials#fromEnvironment}).
 */
final class RegistryPromotion {

    private RegistryPromotion() {
    }

    static final String NAME = "registry-copy";

    /**
     * @return what was copied, as a passed gate of the release; empty for an environment without its own registry
     * @throws UserError when a registry refuses or cannot be reached: nothing has changed in the cluster yet
     */
    static Optional<GateResult> copy(SystemSpec spec, Store store, Plan plan) {
        Optional<String> registry = spec.environment(plan.environment()).flatMap(Environment::registry);
        if (registry.isEmpty()) {
            return Optional.empty();
        }
        List<String> copied = new ArrayList<>();
        try (ImageCopier copier = new ImageCopier(RegistryCredentials.fromEnvironment(System.getenv()),
                ImageCopier.Options.defaults().withLog(line -> { }))) {
            for (PlannedService planned : plan.services()) {
                Optional<Service> service = spec.service(planned.name());
                if (planned.digest().isEmpty() || service.isEmpty() || !service.get().builtFromSource()) {
                    continue; // an external image is pulled from where the spec names it; a tag has no digest to copy
                }
                String from = store.builds().find(planned.name(), planned.to()).map(Build::image)
                        .orElseGet(() -> Execution.of(spec, service.get()).repository());
                Repository target = Repository.parse(planned.execution().repository());
                if (Repository.parse(from).equals(target)) {
                    continue;
                }
                CopyResult result = copier.copy(Repository.parse(from).at(Digest.parse(planned.digest().get())),
                        target, planned.to());
                copied.add(result.taggedReference() + " (" + result.blobsPresent() + " blobs there, "
                        + result.blobsMounted() + " mounted, " + result.blobsUploaded() + " uploaded)");
            }
        } catch (RegistryException e) {
            throw new UserError("the images of the release could not be copied to " + registry.get() + ": "
                    + e.problem(), e.hint());
        }
        return Optional.of(GateResult.passed(NAME, copied.isEmpty() ? "every image is already in " + registry.get()
                : "copied by digest to " + registry.get() + ": " + String.join(", ", copied)));
    }
}
