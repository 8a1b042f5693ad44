package dev.slipway.supply.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the credentials for a registry come from, first match wins:
 * <ol>
 *   <li>{@code SLIPWAY_REGISTRY_<HOST>_USERNAME} and {@code _PASSWORD}, HOST being the registry upper-cased with every
 *       character other than a letter or digit replaced by {@code _} ({@code ghcr.io} → {@code GHCR_IO},
 *       {@code registry.example.com:5000} → {@code REGISTRY_EXAMPLE_COM_5000});</li>
 *   <li>Docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}):
 *       {@code auths.<registry>.auth} (base64 of {@code user:password}) or its {@code username}/{@code password};</li>
 *   <li>{@code SLIPWAY_REGISTRY_USERNAME} and {@code SLIPWAY_REGISTRY_PASSWORD}, for any registry not named above.
 *       Last, so that in a two-registry promotion they never replace the source's own credentials.</li>
 * </ol>
 * No match means anonymous. Credential helpers ({@code credsStore}, {@code credHelpers}) are not run; a registry
 * that has one gets a hint to set the variables instead. Nothing here is ever printed: a {@link Credential} shows
 * only where it came from.
 */
public final class RegistryCredentials {

    static final String PREFIX = "SLIPWAY_REGISTRY_";
    private static final String ANY_REGISTRY = "*";

    /** A username and password for one registry, and where they were found (for messages, instead of the values). */
    public record Credential(String username, String password, String source) {
        @Override
        public String toString() {
            return "credentials from " + source; // never the values
        }
    }

    private final Map<String, String> environment;
    private final Map<String, Credential> dockerConfig;
    private final Map<String, String> helpers;
    private final String dockerConfigFile;

    private RegistryCredentials(Map<String, String> environment, Map<String, Credential> dockerConfig,
            Map<String, String> helpers, String dockerConfigFile) {
        this.environment = Map.copyOf(environment);
        this.dockerConfig = dockerConfig;
        this.helpers = helpers;
        this.dockerConfigFile = dockerConfigFile;
    }

    /** Anonymous access everywhere. */
    public static RegistryCredentials anonymous() {
        return new RegistryCredentials(Map.of(), Map.of(), Map.of(), "(none)");
    }

    /** From these environment variables and the Docker config file they point to ({@code DOCKER_CONFIG}, {@code HOME}). */
    public static RegistryCredentials fromEnvironment(Map<String, String> environment) {
        Path file = dockerConfigFile(environment);
        Map<String, Credential> auths = new HashMap<>();
        Map<String, String> helpers = new HashMap<>();
        if (Files.isRegularFile(file)) {
            readDockerConfig(file, auths, helpers);
        }
        return new RegistryCredentials(environment, auths, helpers, file.toString());
    }

    static Path dockerConfigFile(Map<String, String> environment) {
        String dockerConfig = environment.get("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            return Path.of(dockerConfig, "config.json");
        }
        // HOME first: the JVM's user.home comes from the password database and ignores a HOME the user set
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".docker", "config.json");
    }

    /** The credentials for this registry, or empty for anonymous access. */
    public Optional<Credential> forRegistry(String registry) {
        String key = variableKey(registry);
        Optional<Credential> perHost = pair(PREFIX + key + "_USERNAME", PREFIX + key + "_PASSWORD");
        if (perHost.isPresent()) {
            return perHost;
        }
        Credential fromFile = dockerConfig.get(canonicalHost(registry));
        if (fromFile != null) {
            return Optional.of(fromFile);
        }
        return pair(PREFIX + "USERNAME", PREFIX + "PASSWORD");
    }

    /** How a user gives credentials for this registry: the hint of an authentication error. */
    String howToAuthenticate(String registry) {
        String variables = "set " + PREFIX + variableKey(registry) + "_USERNAME and _PASSWORD";
        String helper = helpers.getOrDefault(canonicalHost(registry), helpers.get(ANY_REGISTRY));
        if (helper != null) {
            return variables + " (the credential helper docker-credential-" + helper + " named in " + dockerConfigFile
                    + " is not run)";
        }
        return variables + ", or log in with `docker login " + registry + "` (read from " + dockerConfigFile + ")";
    }

    private Optional<Credential> pair(String userVariable, String passwordVariable) {
        String user = environment.get(userVariable);
        String password = environment.get(passwordVariable);
        if (user == null && password == null) {
            return Optional.empty();
        }
        if (user == null || password == null || user.isEmpty()) {
            throw new RegistryException(RegistryException.Reason.CONFIGURATION,
                    (user == null || user.isEmpty() ? userVariable : passwordVariable) + " is not set but "
                            + (user == null || user.isEmpty() ? passwordVariable : userVariable) + " is",
                    "set both, or neither for anonymous access");
        }
        return Optional.of(new Credential(user, password, userVariable + "/" + passwordVariable));
    }

    static String variableKey(String registry) {
        return registry.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** A config.json key or a registry as one host: no scheme, no path, Docker Hub's names as {@code docker.io}. */
    static String canonicalHost(String key) {
        String host = key.replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        host = (slash < 0 ? host : host.substring(0, slash)).toLowerCase(Locale.ROOT);
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
            default -> host;
        };
    }

    private static void readDockerConfig(Path file, Map<String, Credential> auths, Map<String, String> helpers) {
        JsonNode config;
        try {
            config = JsonMapper.shared().readTree(Files.readString(file));
        } catch (JacksonException e) {
            var where = e.getLocation();
            throw new RegistryException(RegistryException.Reason.CONFIGURATION, file
                    + (where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr())
                    + ": not valid JSON (" + e.getOriginalMessage() + ")",
                    "fix the file, or move it aside and log in again with `docker login`");
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.CONFIGURATION, file + " cannot be read (" + e + ")",
                    "check its permissions, or point DOCKER_CONFIG at another directory");
        }
        config.path("auths").properties().forEach(entry -> {
            String host = canonicalHost(entry.getKey());
            String source = file + " auths." + entry.getKey();
            JsonNode auth = entry.getValue();
            if (auth.hasNonNull("auth") && !auth.get("auth").asString().isEmpty()) {
                auths.put(host, decode(auth.get("auth").asString(), source));
            } else if (auth.hasNonNull("username") && auth.hasNonNull("password")) {
                auths.put(host, new Credential(auth.get("username").asString(), auth.get("password").asString(),
                        source));
            }
        });
        config.path("credHelpers").properties().forEach(e -> helpers.put(canonicalHost(e.getKey()),
                e.getValue().asString()));
        String store = config.path("credsStore").asString("");
        if (!store.isEmpty()) {
            helpers.put(ANY_REGISTRY, store); // the store answers for every registry without a helper of its own
        }
    }

    private static Credential decode(String base64, String source) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Reason.CONFIGURATION, source + ".auth is not base64",
                    "it holds base64(\"user:password\"); log in again with `docker login`");
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            throw new RegistryException(RegistryException.Reason.CONFIGURATION,
                    source + ".auth does not decode to user:password", "log in again with `docker login`");
        }
        return new Credential(pair.substring(0, colon), pair.substring(colon + 1), source);
    }
}
