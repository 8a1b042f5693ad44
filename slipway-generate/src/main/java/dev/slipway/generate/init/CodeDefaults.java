package dev.slipway.generate.init;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service's code holds the only address of what it calls: default values of env lookups
 * ({@code process.env.X || 'redis:6379'}, {@code os.getenv("X", "cart:7070")}, {@code getEnv("X", "...")},
 * {@code ENV.fetch("X", "...")}, {@code GetEnvironmentVariable("X") ?? "..."}), Spring {@code application.yml}
 * / {@code .properties} values (and their {@code ${VAR:default}} defaults), {@code appsettings.json} values such
 * as connection strings, node's {@code config/default.json}, Go {@code flag.String} defaults, a {@code .env} in the
 * service's directory, and the Dockerfile's {@code ENV}. Only these forms are read, not arbitrary code. They
 * become one workload of origin {@link #ORIGIN} per service: weak edge evidence, never written as env.
 */
final class CodeDefaults {

    static final String ORIGIN = "code default";
    private static final int MAX_FILES = 400;
    private static final Pattern CODE_FILE = Pattern.compile(".*\\.(js|mjs|cjs|ts|py|go|rb|java|kt|cs|php|ex|exs|rs)$");
    private static final Pattern TEST_FILE = Pattern.compile("(?i).*(^|/)(tests?|__tests__|spec|e2e|testdata|fixtures?)/.*"
            + "|.*[._-](test|spec)\\.\\w+$|.*_test\\.go$");
    private static final List<Pattern> LOOKUPS = List.of(
            Pattern.compile("process\\.env(?:\\.(\\w+)|\\[['\"](\\w+)['\"]\\])\\s*(?:\\|\\||\\?\\?)\\s*['\"`]([^'\"`]+)['\"`]"),
            Pattern.compile("\\(\\s*['\"]([A-Z][A-Z0-9_]*)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)"),
            Pattern.compile("GetEnvironmentVariable\\(\\s*\"(\\w+)\"\\s*\\)\\s*\\?\\?\\s*\"([^\"]+)\""),
            Pattern.compile("ENV\\[['\"](\\w+)['\"]\\]\\s*\\|\\|\\s*['\"]([^'\"]+)['\"]"),
            Pattern.compile("flag\\.String(?:Var)?\\((?:&[\\w.]+\\s*,\\s*)?\"([\\w.-]+)\"\\s*,\\s*\"([^\"]+)\""));
    private static final Pattern PORT_LOOKUP = Pattern.compile(
            "(?:process\\.env\\.(?:PORT|HTTP_PORT|SERVER_PORT)\\s*(?:\\|\\||\\?\\?)\\s*['\"]?(\\d{2,5})"
                    + "|\\(\\s*['\"](?:PORT|HTTP_PORT|SERVER_PORT|LISTEN_PORT)['\"]\\s*,\\s*['\"]?(\\d{2,5})['\"]?\\s*\\))");
    private static final Pattern SPRING_DEFAULT = Pattern.compile("\\$\\{[\\w.-]+:([^}]*)}");
    private static final Pattern ENV_LINE = Pattern.compile("(?im)^\\s*ENV\\s+((?:.*\\\\\\R)*.*)$");
    private static final Pattern LAUNCH_URL = Pattern.compile("\"applicationUrl\"\\s*:\\s*\"([^\"]*)\"");

    private CodeDefaults() {
    }

    /** The defaults found under a source directory: variable → value, and the port the code listens on. */
    record Found(Map<String, String> values, Map<String, String> where, Optional<Integer> port) {
    }

    static Found read(RepositoryTree tree, String dir, List<String> files) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        List<Integer> ports = new ArrayList<>();
        int read = 0;
        for (String file : files) {
            String relative = dir.isEmpty() || dir.equals(".") ? file : file.substring(dir.length() + 1);
            if (TEST_FILE.matcher(relative).matches() || read > MAX_FILES) {
                continue;
            }
            String name = RepositoryTree.fileName(file);
            Map<String, String> found = new LinkedHashMap<>();
            if (CODE_FILE.matcher(name).matches()) {
                read++;
                tree.read(file).ifPresent(text -> code(text, found, ports));
            } else if (name.matches("application(-\\w+)?\\.ya?ml|bootstrap\\.ya?ml")) {
                tree.read(file).map(t -> YamlFiles.documents(file, t, new ArrayList<>())).ifPresent(docs ->
                        docs.forEach(d -> flatten("", d, found)));
                Optional.ofNullable(found.get("server.port")).flatMap(CodeDefaults::number).ifPresent(ports::add);
            } else if (name.matches("application(-\\w+)?\\.properties")) {
                tree.read(file).ifPresent(text -> text.lines().filter(l -> l.contains("=") && !l.startsWith("#"))
                        .forEach(l -> found.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip())));
                Optional.ofNullable(found.get("server.port")).flatMap(CodeDefaults::number).ifPresent(ports::add);
            } else if (name.matches("appsettings(\\.[\\w-]+)?\\.json")
                    || (name.matches("(default|production|config)\\.json") && file.contains("config/"))) {
                tree.read(file).map(t -> YamlFiles.documents(file, t, new ArrayList<>())).ifPresent(docs ->
                        docs.forEach(d -> flatten("", d, found)));
            } else if (name.equals(".env")) {
                found.putAll(EnvFile.read(tree, file, Map.of()));
            } else if (name.equals("Dockerfile") || name.equals("Containerfile")) {
                tree.read(file).ifPresent(text -> dockerfileEnv(text, found));
                Optional.ofNullable(found.get("ASPNETCORE_HTTP_PORTS")).flatMap(CodeDefaults::number).ifPresent(ports::add);
            } else if (name.equals("launchSettings.json")) {
                tree.read(file).ifPresent(text -> {
                    Matcher url = LAUNCH_URL.matcher(text);
                    while (url.find()) {
                        for (String u : url.group(1).split(";")) {
                            if (u.startsWith("http://")) {
                                number(u.replaceAll("^.*:(\\d+).*$", "$1")).ifPresent(ports::add);
                            }
                        }
                    }
                });
            }
            found.forEach((k, v) -> {
                String value = SPRING_DEFAULT.matcher(v).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
                values.putIfAbsent(k, value);
                where.putIfAbsent(k, file);
            });
        }
        return new Found(values, where, ports.stream().findFirst());
    }

    private static void code(String text, Map<String, String> found, List<Integer> ports) {
        for (Pattern lookup : LOOKUPS) {
            Matcher m = lookup.matcher(text);
            while (m.find()) {
                String variable = m.groupCount() == 3 ? (m.group(1) != null ? m.group(1) : m.group(2)) : m.group(1);
                found.putIfAbsent(variable, m.group(m.groupCount()));
            }
        }
        Matcher port = PORT_LOOKUP.matcher(text);
        if (port.find()) {
            number(port.group(1) != null ? port.group(1) : port.group(2)).ifPresent(ports::add);
        }
    }

    /** {@code a: {b: v}} → {@code a.b = v}; lists get their index. */
    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else {
            YamlValues.text(value).ifPresent(t -> out.put(prefix, t));
        }
    }

    /** {@code ENV A=1 B="two"} and the old {@code ENV A 1}, with line continuations. */
    static void dockerfileEnv(String dockerfile, Map<String, String> out) {
        Matcher line = ENV_LINE.matcher(dockerfile);
        while (line.find()) {
            String body = line.group(1).replaceAll("\\\\\\R", " ").strip();
            if (!body.contains("=") || body.matches("^\\S+\\s+[^=]*$")) {
                String[] parts = body.split("\\s+", 2);
                if (parts.length == 2) {
                    out.put(parts[0], unquote(parts[1]));
                }
                continue;
            }
            Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|'[^']*'|\\S*)").matcher(body);
            while (pair.find()) {
                out.put(pair.group(1), unquote(pair.group(2)));
            }
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))
                ? value.substring(1, value.length() - 1) : value;
    }

    private static Optional<Integer> number(String text) {
        return YamlValues.port(text.strip().replaceAll("^:", ""));
    }
}
