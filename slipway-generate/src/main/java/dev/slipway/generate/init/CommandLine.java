package dev.slipway.generate.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Addresses passed on a container's command line: {@code --db=postgres:5432}, {@code -Dspring.kafka.bootstrap=kafka:9092},
 * {@code --upstream http://cart:7070}. Only URLs, {@code host:port} and cluster DNS names count: a bare word on a
 * command line is too often something else.
 */
final class CommandLine {

    private CommandLine() {
    }

    static List<EdgeEvidence> references(List<String> arguments, String what, Set<String> namespaces) {
        List<EdgeEvidence> references = new ArrayList<>();
        for (String argument : arguments) {
            for (String part : argument.split("\\s+")) {
                String value = part.substring(part.indexOf('=') + 1);
                if (value.contains(":") || value.contains(".svc")) {
                    EnvReferences.addresses("ARG", value, namespaces).forEach(a ->
                            references.add(new EdgeEvidence(a.service(), what, EdgeEvidence.ENV)));
                }
            }
        }
        return references;
    }
}
