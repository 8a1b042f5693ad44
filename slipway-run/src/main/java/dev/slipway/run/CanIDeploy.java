package dev.slipway.run;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.release.Inventory;
import dev.slipway.store.Store;
import dev.slipway.supply.gates.ContractGate;
import dev.slipway.supply.gates.Verification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code slipway can-i-deploy SERVICE VERSION --to ENV}, as Pact's can-i-deploy answers it: the version's declared
 * ranges against what runs there (and what runs there against it), and the recorded contract verifications of
 * exactly those versions. A violated range, a dependency that does not run, or a failed verification says no.
 */
public final class CanIDeploy {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CanIDeploy() {
    }

    /** @throws UserError for a service the spec does not have */
    public static ContractGate.Answer answer(SystemSpec spec, Store store, Inventory running, String service,
                                             String version, boolean requireVerification) {
        if (spec.service(service).isEmpty()) {
            throw new UserError("no service " + service + " in the spec", "services: " + String.join(", ",
                    spec.services().stream().map(s -> s.name()).toList()));
        }
        return ContractGate.canIDeploy(spec, service, version, running, verifications(store, service),
                requireVerification);
    }

    /** The store's verification results that involve {@code service}, as the contracts gate reads them. */
    static List<Verification> verifications(Store store, String service) {
        return store.verifications().involving(service).stream()
                .map(v -> new Verification(v.consumer(), v.consumerVersion(), v.provider(), v.providerVersion(),
                        v.passed(), v.recordedAt())).toList();
    }

    /** The answer in the JSON contract of the CLI and the API. */
    public static String json(ContractGate.Answer answer) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("service", answer.service());
        root.put("version", answer.version());
        root.put("environment", answer.environment());
        root.put("ok", answer.ok());
        root.put("reasons", answer.reasons().stream().map(r -> {
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("consumer", r.consumer());
            reason.put("consumerVersion", r.consumerVersion());
            reason.put("provider", r.provider());
            reason.put("providerVersion", r.providerVersion().orElse(null));
            reason.put("range", r.range().map(Object::toString).orElse(null));
            reason.put("outcome", dev.slipway.model.Keyword.spelled(r.outcome()));
            reason.put("blocks", r.blocks());
            reason.put("detail", r.detail());
            return reason;
        }).toList());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
