package dev.slipway.generate.deploy;

import dev.slipway.generate.support.Yaml;
import dev.slipway.model.SecretSource;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ExternalSecret} objects (External Secrets Operator, {@code external-secrets.io/v1}) of a service's
 * {@code externalSecret} variables: one per store, named {@code SERVICE-STORE}, making the Secret of the same name
 * (owned by it, so deleting the ExternalSecret deletes the Secret) with one key per variable, refreshed hourly.
 * The workload reads each variable from that Secret under the variable's own name.
 */
final class ExternalSecrets {

    static final String API = "external-secrets.io/v1";

    private ExternalSecrets() {
    }

    /** The ExternalSecret's name and the Secret it makes: {@code SERVICE-STORE}. */
    static String secretName(Service service, SecretSource.ExternalSecret source) {
        String name = service.name() + "-" + source.store();
        return name.length() <= 253 ? name : name.substring(0, 253).replaceAll("[-.]+$", "");
    }

    static List<Map<String, Object>> objects(SystemSpec spec, Service service) {
        Map<String, List<Object>> dataByStore = new LinkedHashMap<>();
        Map<String, SecretSource.ExternalSecret> storeOf = new LinkedHashMap<>();
        service.secrets().forEach((variable, source) -> {
            if (source instanceof SecretSource.ExternalSecret external) {
                String name = secretName(service, external);
                storeOf.putIfAbsent(name, external);
                Map<String, Object> remoteRef = Yaml.map("key", external.key());
                external.property().ifPresent(property -> remoteRef.put("property", property));
                dataByStore.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(Yaml.map("secretKey", variable, "remoteRef", remoteRef));
            }
        });
        List<Map<String, Object>> objects = new ArrayList<>();
        dataByStore.forEach((name, data) -> objects.add(Yaml.map(
                "apiVersion", API,
                "kind", "ExternalSecret",
                "metadata", Yaml.map("name", name, "labels", Labels.recommended(spec, service)),
                "spec", Yaml.map(
                        "refreshInterval", "1h",
                        "secretStoreRef", Yaml.map("name", storeOf.get(name).store(),
                                "kind", storeOf.get(name).kind().kind()),
                        "target", Yaml.map("name", name, "creationPolicy", "Owner"),
                        "data", data))));
        return objects;
    }
}
