package dev.slipway.generate.init;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .env} or compose {@code env_file}: {@code KEY=value} lines, {@code #} comments, an optional
 * {@code export }, values in single quotes taken literally and in double quotes or bare interpolated from
 * {@code variables} (compose's own rules). A file that is not there is an empty map.
 */
final class EnvFile {

    private EnvFile() {
    }

    static Map<String, String> read(RepositoryTree tree, String file, Map<String, String> variables) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!tree.exists(file)) {
            return values;
        }
        for (String line : tree.read(file).orElse("").split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            trimmed = trimmed.replaceFirst("^export\\s+", "");
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = trimmed.substring(0, equals).strip();
            String value = trimmed.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                values.put(key, value.substring(1, value.length() - 1));
                continue;
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            } else {
                value = value.replaceFirst("\\s+#.*$", "");
            }
            Map<String, String> scope = new LinkedHashMap<>(variables);
            scope.putAll(values);
            values.put(key, ComposeInterpolation.interpolate(value, scope, problem -> { }));
        }
        return values;
    }
}
