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
            "(?i)(.*[_.])?(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|SERVERS|ENDPOINT)|.*(Host|Connection|Broker|Brokers)");
    /** ADO.NET / Npgsql / libpq-style connection strings: the key that names the host, and the port key. */
    private static final Pattern CONNECTION_HOST = Pattern.compile(
            "(?i)(?:^|;)\\s*(?:host|server|data source|address|addr|hostname)\\s*=\\s*([^;]+)");
    private static final Pattern CONNECTION_PORT = Pattern.compile("(?i)(?:^|;)\\s*port\\s*=\\s*(\\d{1,5})");
    private static final Pattern GO_DSN = Pattern.compile("@tcp\\(([^)\\s]+)\\)");
    private static final Pattern IP = Pattern.compile("^\\d+(\\.\\d+){3}$");
    /** Schemes whose "host" is a bucket, a file or a mailbox, never a service. */
    private static final Set<String> NOT_NETWORK = Set.of("file", "s3", "s3a", "s3n", "gs", "az", "abfs", "abfss",
            "wasb", "wasbs", "data", "mailto", "unix");
    /** Hosts that are this machine, and words a host variable holds when it is a switch, not a host. */
    private static final Set<String> NOT_A_SERVICE = Set.of("localhost", "host.docker.internal", "true", "false",
            "yes", "no", "on", "off", "none", "null", "auto", "default");

    private EnvReferences() {
    }

    /** A host a value names, with the port it dials there when it says one. */
    record Address(String service, Optional<Integer> port) {
    }

    /** The names of the cluster services {@code value} refers to, in order of appearance. */
    static List<String> services(String variable, String value, Set<String> namespaces) {
        return addresses(variable, value, namespaces).stream().map(Address::service).distinct().toList();
    }

    /** The cluster services {@code value} refers to, each with the port it names, in order of appearance. */
    static List<Address> addresses(String variable, String value, Set<String> namespaces) {
        List<Address> addresses = new ArrayList<>();
        for (String token : tokens(value)) {
            Matcher url = URL.matcher(token);
            Optional<String> host = Optional.empty();
            Optional<Integer> port = Optional.empty();
            if (url.find()) {
                if (!NOT_NETWORK.contains(url.group(1).toLowerCase(Locale.ROOT))) {
                    host = Optional.of(url.group(2));
                    Matcher urlPort = Pattern.compile("^:(\\d{1,5})").matcher(token.substring(url.end()));
                    port = urlPort.find() ? YamlValues.port(urlPort.group(1)) : Optional.empty();
                }
            } else {
                Matcher hostPort = HOST_PORT.matcher(token);
                if (hostPort.matches()) {
                    host = Optional.of(hostPort.group(1));
                    port = YamlValues.port(hostPort.group(2));
                } else if (isClusterDomain(token.toLowerCase(Locale.ROOT))
                        || HOST_VARIABLE.matcher(variable).matches()) {
                    host = Optional.of(token);
                }
            }
            Optional<Integer> dialed = port;
            host.flatMap(h -> clusterService(h.toLowerCase(Locale.ROOT), namespaces))
                    .ifPresent(name -> addresses.add(new Address(name, dialed)));
        }
        return addresses;
    }

    /**
     * The tokens of a value: separated by commas, semicolons or spaces; a connection string's
     * {@code Host=db;Port=5432} or {@code Server=tcp:sql,1433} part becomes {@code db:5432} / {@code sql:1433}.
     */
    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        Matcher connection = CONNECTION_HOST.matcher(value);
        if (connection.find()) {
            String host = connection.group(1).strip().replaceFirst("^tcp:", "").replace(',', ':');
            Matcher port = CONNECTION_PORT.matcher(value);
            tokens.add(host.contains(":") || !port.find() ? host : host + ":" + port.group(1));
            return tokens;
        }
        Matcher dsn = GO_DSN.matcher(value);
        while (dsn.find()) {
            tokens.add(dsn.group(1)); // user:pass@tcp(catalogue-db:3306)/socksdb: Go's MySQL driver
        }
        if (!tokens.isEmpty()) {
            return tokens;
        }
        for (String token : value.trim().split("[,;\\s]+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
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
