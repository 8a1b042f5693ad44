package dev.slipway.generate.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the in-cluster hosts an environment value points at: URLs ({@code http://catalog:8080/api},
 * {@code amqp://shop@rabbitmq:5672}, {@code jdbc:postgresql://postgres:5432/db}), {@code host:port},
 * {@code name.namespace.svc.cluster.local}, and a bare name in a {@code *_HOST}-style variable. Hosts with
 * dots are outside the cluster ({@code api.stripe.com}) unless they end in {@code .svc[.cluster.local]} or
 * are {@code name.namespace} for a namespace the manifests use.
 */
final class EnvReferences {

    private static final Pattern URL = Pattern.compile(
            "([a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^@/?#\\s]*@)?(\\[[^\\]]*\\]|[^:/?#\\s@]+)");
    private static final Pattern HOST_PORT = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9.-]*):(\\d{1,5})(/.*)?$");
    private static final Pattern HOST = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern HOST_VARIABLE = Pattern.compile(
            "(?i)(.*_)?(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|ENDPOINT)");
    private static final Pattern IP = Pattern.compile("^\\d+(\\.\\d+){3}$");
    /** Schemes whose "host" is a bucket, a file or a mailbox, never a service. */
    private static final Set<String> NOT_NETWORK = Set.of("file", "s3", "s3a", "s3n", "gs", "az", "abfs", "abfss",
            "wasb", "wasbs", "data", "mailto", "unix");
    /** Hosts that are this machine, and words a host variable holds when it is a switch, not a host. */
    private static final Set<String> NOT_A_SERVICE = Set.of("localhost", "host.docker.internal", "true", "false",
            "yes", "no", "on", "off", "none", "null", "auto", "default");

    private EnvReferences() {
    }

    /** The names of the cluster services {@code value} refers to, in order of appearance. */
    static List<String> services(String variable, String value, Set<String> namespaces) {
        List<String> names = new ArrayList<>();
        for (String token : value.trim().split("[,;\\s]+")) {
            Matcher url = URL.matcher(token);
            Optional<String> host = Optional.empty();
            if (url.find()) {
                if (!NOT_NETWORK.contains(url.group(1).toLowerCase(Locale.ROOT))) {
                    host = Optional.of(url.group(2));
                }
            } else {
                Matcher hostPort = HOST_PORT.matcher(token);
                if (hostPort.matches()) {
                    host = Optional.of(hostPort.group(1));
                } else if (isClusterDomain(token.toLowerCase(Locale.ROOT))
                        || HOST_VARIABLE.matcher(variable).matches()) {
                    host = Optional.of(token);
                }
            }
            host.flatMap(h -> clusterService(h.toLowerCase(Locale.ROOT), namespaces))
                    .filter(n -> !names.contains(n)).ifPresent(names::add);
        }
        return names;
    }

    /** The service name of an in-cluster host, or empty for an external, local or malformed one. */
    static Optional<String> clusterService(String host, Set<String> namespaces) {
        if (!HOST.matcher(host).matches() || IP.matcher(host).matches() || NOT_A_SERVICE.contains(host)
                || !host.matches(".*[a-z].*")) {
            return Optional.empty();
        }
        String[] labels = host.split("\\.");
        if (labels.length == 1 || isClusterDomain(host)
                || (labels.length == 2 && namespaces.contains(labels[1]))) {
            return Optional.of(labels[0]);
        }
        return Optional.empty();
    }

    private static boolean isClusterDomain(String host) {
        return host.contains(".") && (host.endsWith(".svc") || host.endsWith(".svc.cluster.local"));
    }
}
