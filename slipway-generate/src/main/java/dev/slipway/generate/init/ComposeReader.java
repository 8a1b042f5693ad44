package dev.slipway.generate.init;

import static dev.slipway.generate.init.YamlValues.at;
import static dev.slipway.generate.init.YamlValues.integer;
import static dev.slipway.generate.init.YamlValues.list;
import static dev.slipway.generate.init.YamlValues.map;
import static dev.slipway.generate.init.YamlValues.port;
import static dev.slipway.generate.init.YamlValues.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the services of a docker-compose file as workloads: their {@code environment} (map or
 * {@code KEY=value} list), {@code image}, {@code build} directory and container ports.
 */
final class ComposeReader {

    static final String ORIGIN = "compose service";

    private static final Pattern COMPOSE_FILE = Pattern.compile("(docker-)?compose(\\.[\\w-]+)?\\.ya?ml");

    private ComposeReader() {
    }

    static boolean isComposeFile(String file) {
        return COMPOSE_FILE.matcher(RepositoryTree.fileName(file)).matches();
    }

    static List<Workload> read(String file, String text, List<String> warnings) {
        List<Object> documents = YamlFiles.documents(file, text, warnings);
        if (documents == null || documents.isEmpty()) {
            return List.of();
        }
        String dir = RepositoryTree.parent(file);
        List<Workload> workloads = new ArrayList<>();
        map(map(documents.getFirst()).get("services")).forEach((name, value) -> {
            Map<String, Object> service = map(value);
            Object build = service.get("build");
            Optional<String> buildPath = text(build).or(() -> text(map(build).get("context")))
                    .flatMap(context -> RepositoryTree.resolve(dir, context));
            List<Integer> ports = new ArrayList<>();
            list(service.get("ports")).forEach(p -> containerPort(p).ifPresent(ports::add));
            list(service.get("expose")).forEach(p -> containerPort(p).ifPresent(ports::add));
            workloads.add(new Workload(ORIGIN, name, file, Optional.empty(), Map.of(), text(service.get("image")),
                    ports, Map.of(), environment(service.get("environment")), Optional.empty(),
                    integer(at(service, "deploy", "replicas")), false, buildPath));
        });
        return workloads;
    }

    private static Map<String, String> environment(Object value) {
        Map<String, String> env = new LinkedHashMap<>();
        if (value instanceof List<?> entries) {
            for (Object entry : entries) {
                text(entry).filter(e -> e.indexOf('=') > 0)
                        .ifPresent(e -> env.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
            }
        } else {
            env.putAll(YamlValues.strings(value));
        }
        return env;
    }

    /** {@code "8080"}, {@code "8080:80"}, {@code "127.0.0.1:8080:80/tcp"}, {@code 80} or {@code {target: 80}}. */
    private static Optional<Integer> containerPort(Object value) {
        if (value instanceof Map<?, ?> long_syntax) {
            return port(map(long_syntax).get("target"));
        }
        return text(value).flatMap(text -> {
            String withoutProtocol = text.replaceAll("/(tcp|udp)$", "");
            return port(withoutProtocol.substring(withoutProtocol.lastIndexOf(':') + 1));
        });
    }
}
