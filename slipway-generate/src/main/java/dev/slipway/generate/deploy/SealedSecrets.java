package dev.slipway.generate.deploy;

import dev.slipway.generate.GenerationException;
import dev.slipway.generate.SourceTree;
import dev.slipway.model.Environment;
import dev.slipway.model.SecretSource;
import dev.slipway.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The SealedSecrets (Bitnami Sealed Secrets, {@code bitnami.com/v1alpha1}) a service's {@code sealedSecret}
 * variables name, read from the repository for one environment and carried by its manifests as they are. Each is
 * checked before it is: a SealedSecret of that name holding the key, and sealed for the environment's namespace
 * (strict and namespace-wide scope bind the ciphertext to it) unless it is cluster-wide. A controller would
 * otherwise refuse it in the cluster, after the release started.
 */
final class SealedSecrets {

    static final String API = "bitnami.com/v1alpha1";
    static final String CLUSTER_WIDE = "sealedsecrets.bitnami.com/cluster-wide";

    private SealedSecrets() {
    }

    /** One object per file the service's variables name for this environment, in the order they name them. */
    static List<Map<String, Object>> objects(Service service, Environment environment, SourceTree sources) {
        Map<String, Map<String, SecretSource.SealedSecret>> byFile = new LinkedHashMap<>();
        service.secrets().forEach((variable, source) -> {
            if (source instanceof SecretSource.SealedSecret sealed) {
                byFile.computeIfAbsent(sealed.fileFor(environment.name()), f -> new LinkedHashMap<>())
                        .put(variable, sealed);
            }
        });
        List<Map<String, Object>> objects = new ArrayList<>();
        byFile.forEach((file, variables) -> objects.add(checked(file, read(file, service, environment, variables,
                sources), service, environment, variables)));
        return objects;
    }

    private static Map<String, Object> read(String file, Service service, Environment environment,
            Map<String, SecretSource.SealedSecret> variables, SourceTree sources) {
        String where = "services." + service.name() + ".secrets." + variables.keySet().iterator().next()
                + ".sealedSecret";
        String text = sources.read(file).orElseThrow(() -> sources.has(".")
                ? new GenerationException(file + " does not exist (" + where + ", environment " + environment.name()
                        + ")", "seal the Secret for namespace " + environment.namespace() + ": kubeseal --namespace "
                        + environment.namespace() + " --format yaml < secret.yaml > " + file)
                : new GenerationException(where + ": the SealedSecret " + file + " is read from the repository, "
                        + "which this generation cannot see", "run `slipway generate` in the repository"));
        List<Object> documents = new ArrayList<>();
        try {
            new Load(LoadSettings.builder().setLabel(file).build()).loadAllFromString(text).forEach(d -> {
                if (d != null) {
                    documents.add(d);
                }
            });
        } catch (YamlEngineException e) {
            throw new GenerationException(file + " is not valid YAML (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")", "write it with `kubeseal --format yaml`");
        }
        if (documents.size() != 1 || !(documents.getFirst() instanceof Map<?, ?>)) {
            throw new GenerationException(file + " holds " + documents.size() + " YAML documents; a SealedSecret "
                    + "file holds exactly one", "one SealedSecret per file, as `kubeseal --format yaml` writes it");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) withoutNulls(documents.getFirst());
        return object;
    }

    /** kubeseal writes {@code creationTimestamp: null}; an absent field means the same to the API server. */
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    copy.put(String.valueOf(k), withoutNulls(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(java.util.Objects::nonNull).map(SealedSecrets::withoutNulls).toList();
        }
        return value;
    }

    private static Map<String, Object> checked(String file, Map<String, Object> object, Service service,
            Environment environment, Map<String, SecretSource.SealedSecret> variables) {
        if (!API.equals(object.get("apiVersion")) || !"SealedSecret".equals(object.get("kind"))) {
            throw new GenerationException(file + " is a " + object.get("apiVersion") + " " + object.get("kind")
                    + ", not a " + API + " SealedSecret", "seal the Secret with kubeseal; never commit the Secret "
                    + "itself");
        }
        Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> spec = object.get("spec") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> encrypted = spec.get("encryptedData") instanceof Map<?, ?> m ? m : Map.of();
        variables.forEach((variable, sealed) -> {
            if (!sealed.name().equals(metadata.get("name"))) {
                throw new GenerationException(file + " is the SealedSecret " + metadata.get("name") + ", but services."
                        + service.name() + ".secrets." + variable + ".sealedSecret.name is " + sealed.name(),
                        "name the SealedSecret of the file (its metadata.name), which is the Secret it becomes");
            }
            if (!encrypted.containsKey(sealed.key())) {
                throw new GenerationException(file + " has no key " + sealed.key() + " in spec.encryptedData (services."
                        + service.name() + ".secrets." + variable + ")", "it has " + encrypted.keySet()
                        + "; set sealedSecret.key, or seal a Secret that has that key");
            }
        });
        Map<?, ?> annotations = metadata.get("annotations") instanceof Map<?, ?> m ? m : Map.of();
        if (!"true".equals(String.valueOf(annotations.get(CLUSTER_WIDE)))) {
            Object namespace = metadata.get("namespace");
            if (!environment.namespace().equals(namespace)) {
                throw new GenerationException(file + " is sealed for namespace " + (namespace == null ? "(none named)"
                        : namespace) + ", but environment " + environment.name() + " runs in " + environment.namespace()
                        + ": the controller could not unseal it there", "seal it with `kubeseal --namespace "
                        + environment.namespace() + "`, and give each environment its own file with {environment} in "
                        + "sealedSecret.file (or seal it with --scope cluster-wide)");
            }
        }
        return object;
    }
}
