package dev.slipway.generate.init;

import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Dependency;
import dev.slipway.model.Keyword;
import dev.slipway.model.SecretSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes an {@link ImportResult} as the text of {@code slipway.yaml}: a comment header, {@code system:} and the
 * services in the result's order, each separated by a blank line, two-space block YAML. Only what the
 * repository states is written, so the spec's defaults fill the rest. The text loads without errors through
 * {@code SpecLoader} as long as every external image has a fixed version tag (otherwise the scan warned).
 */
public final class SpecText {

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Pattern REGISTRY = Pattern.compile(
            "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$");
    private static final Pattern REPOSITORY = Pattern.compile("^(https://|ssh://|git@)[^\\s]+$");

    private SpecText() {
    }

    /**
     * The text of slipway.yaml, with {@code system.repository} from the checkout's origin remote if it has one.
     * {@code systemName} must be a DNS label (default: {@link ImportResult#systemName()}), {@code registry} an
     * image registry path (default: {@link ImportResult#registryFor(String)}).
     *
     * @throws IllegalArgumentException when {@code systemName} is not a DNS label, {@code registry} not a registry
     *         path, or the result has no services
     */
    public static String write(ImportResult result, String systemName, String registry) {
        return write(result, systemName, registry, result.repository());
    }

    /**
     * As {@link #write(ImportResult, String, String)}, with {@code system.repository} given explicitly (an
     * https, ssh or git@ URL; empty leaves the key out).
     *
     * @throws IllegalArgumentException also when {@code repository} is not such a URL
     */
    public static String write(ImportResult result, String systemName, String registry, Optional<String> repository) {
        if (!DNS_LABEL.matcher(systemName).matches()) {
            throw new IllegalArgumentException("system name '" + systemName
                    + "' is not a DNS label (lower-case letters, digits and '-', starting with a letter)");
        }
        if (!REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("registry '" + registry
                    + "' is not an image registry path such as ghcr.io/acme/shop (lower case, no tag)");
        }
        repository.filter(r -> !REPOSITORY.matcher(r).matches()).ifPresent(r -> {
            throw new IllegalArgumentException("repository '" + r + "' is not a Git URL (https://, ssh:// or git@)");
        });
        if (result.services().isEmpty()) {
            throw new IllegalArgumentException("no services found: nothing to write");
        }
        StringBuilder text = new StringBuilder();
        text.append("# The ").append(systemName).append(" system, imported by `slipway init` from its build files, ")
                .append("Dockerfiles, compose files and manifests.\n")
                .append("# Each dependency says where it was read (env, depends_on, NetworkPolicy, code default); \"*\" ")
                .append("accepts any version. Review them, then add ci, environments\n")
                .append("# and rollout strategies (see docs/init.md) and run `slipway validate`.\n");
        text.append(Yaml.write(Yaml.map("system",
                Yaml.map("name", systemName, "registry", registry, "repository", repository.orElse(null)))));
        text.append("\nservices:\n");
        boolean first = true;
        for (ImportedService service : result.services()) {
            if (!first) {
                text.append('\n');
            }
            first = false;
            service.notes().forEach(note -> text.append("  # ").append(note).append('\n'));
            Yaml.write(Map.of(service.name(), body(service))).lines()
                    .forEach(line -> text.append(line.isEmpty() ? "" : "  ").append(line).append('\n'));
            if (!service.dependsOn().isEmpty()) {
                text.append("    dependsOn:\n");
                for (Dependency dependency : service.dependsOn()) {
                    String entry = Yaml.write(Map.of(dependency.service(), dependency.range().text())).strip();
                    String why = service.evidence().getOrDefault(dependency.service(), "");
                    text.append("      ").append(entry).append(why.isEmpty() ? "" : "  # " + why.replace('\n', ' '))
                            .append('\n');
                }
            }
        }
        return text.toString();
    }

    private static Map<String, Object> body(ImportedService service) {
        // a credential the repository wrote as a literal is never copied: the service reads it from a Secret the team
        // creates (SERVICE-credentials, as the generators name a datastore's), and the literal stays where it was
        Map<String, Object> env = new LinkedHashMap<>();
        Map<String, Object> secrets = new LinkedHashMap<>();
        service.env().forEach((name, value) -> {
            if (SecretSource.secretName(name) && !value.isBlank()) {
                secrets.put(name, Yaml.map("secretRef", Yaml.map("name", service.name() + "-credentials", "key", name)));
            } else {
                env.put(name, value);
            }
        });
        return Yaml.map(
                "path", service.path().orElse(null),
                "language", service.language().map(Keyword::keyword).orElse(null),
                "buildTool", service.buildTool().map(Keyword::keyword).orElse(null),
                "dockerfile", service.dockerfile().orElse(null),
                "image", service.image().orElse(null),
                "port", service.port().orElse(null),
                "healthPath", service.healthPath().orElse(null),
                "replicas", service.replicas().orElse(null),
                "stateful", service.stateful() ? Boolean.TRUE : null,
                "env", env.isEmpty() ? null : env,
                "secrets", secrets.isEmpty() ? null : secrets);
    }
}
