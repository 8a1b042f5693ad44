package dev.slipway.generate.init;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What init knows about the datastores and brokers teams run from public images: their usual
 * port, that they keep state, and a pinned version to write when the repository only names a moving tag.
 */
final class KnownImages {

    /** A datastore or broker: matched on the image's last path segment. */
    record Datastore(String name, int port, String version) {
    }

    private static final List<Datastore> DATASTORES = List.of(
            new Datastore("postgres", 5432, "16.4"), new Datastore("postgis", 5432, "16-3.4"),
            new Datastore("pgvector", 5432, "v0.5.1"),
            new Datastore("mysql", 3306, "8.4.2"), new Datastore("mariadb", 3306, "11.4.3"),
            new Datastore("mongo", 27017, "7.0.14"), new Datastore("mongodb", 27017, "7.0.14"),
            new Datastore("redis", 6379, "7.4.0"), new Datastore("valkey", 6379, "8.0.1"),
            new Datastore("keydb", 6379, "6.3.4"), new Datastore("dragonfly", 6379, "1.23.2"),
            new Datastore("rabbitmq", 5672, "3.13.7"), new Datastore("kafka", 9092, "3.8.0"),
            new Datastore("cp-kafka", 9092, "7.7.1"), new Datastore("redpanda", 9092, "24.2.5"),
            new Datastore("zookeeper", 2181, "3.9.2"), new Datastore("cp-zookeeper", 2181, "7.7.1"),
            new Datastore("elasticsearch", 9200, "8.15.1"), new Datastore("opensearch", 9200, "2.17.0"),
            new Datastore("memcached", 11211, "1.6.31"), new Datastore("cassandra", 9042, "5.0.0"),
            new Datastore("scylla", 9042, "6.1.1"), new Datastore("nats", 4222, "2.10.20"),
            new Datastore("etcd", 2379, "3.5.16"), new Datastore("couchdb", 5984, "3.3.3"),
            new Datastore("neo4j", 7687, "5.23.0"), new Datastore("clickhouse-server", 8123, "24.8.4"),
            new Datastore("influxdb", 8086, "2.7.10"), new Datastore("cockroach", 26257, "v24.2.2"),
            new Datastore("minio", 9000, "RELEASE.2024-09-13T20-26-02Z"), new Datastore("server", 1433, "2022-CU14-ubuntu-22.04"),
            new Datastore("activemq", 61616, "6.1.3"), new Datastore("artemis", 61616, "2.37.0"),
            new Datastore("pulsar", 6650, "3.3.1"), new Datastore("mosquitto", 1883, "2.0.18"),
            new Datastore("emqx", 1883, "5.8.0"), new Datastore("consul", 8500, "1.19.2"),
            new Datastore("vault", 8200, "1.17.5"), new Datastore("qdrant", 6333, "v1.11.3"),
            new Datastore("localstack", 4566, "3.7.2"), new Datastore("azurite", 10000, "3.32.0"));

    /** Admin UIs and exporters named after a datastore are tools, not the datastore. */
    private static final Pattern TOOL = Pattern.compile(
            ".*(exporter|express|commander|admin|insight|operator).*|(.*-)?(ui|init|manager|web)(-.*)?");

    private KnownImages() {
    }

    /**
     * An external image that is no known datastore but is one all the same: a team's own database image
     * ({@code catalogue-db}), recognised by a datastore's usual port or a {@code -db}-style name.
     */
    static boolean looksLikeDatastore(String serviceName, Optional<Integer> port) {
        return serviceName.matches(".*[-_](db|database|mongo|mongodb|mysql|postgres|redis|cache|queue|broker)")
                || port.filter(p -> DATASTORES.stream().anyMatch(d -> d.port() == p && p != 9000 && p != 8500
                        && p != 8200 && p != 8123 && p != 10000)).isPresent();
    }

    /** The last path segment of an image's repository, lower case: {@code bitnami/kafka:3.7} → {@code kafka}. */
    static String name(String image) {
        String repository = repository(image);
        return repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    /** The image without tag or digest. */
    static String repository(String image) {
        String repository = image.replaceAll("@.*$", "");
        int slash = repository.lastIndexOf('/');
        int colon = repository.lastIndexOf(':');
        return colon > slash ? repository.substring(0, colon) : repository;
    }

    static Optional<Datastore> datastore(String image) {
        String name = name(image);
        if (TOOL.matcher(name).matches() && !name.equals("server")) {
            return Optional.empty();
        }
        if (name.equals("server") && !repository(image).contains("mssql")) {
            return Optional.empty();
        }
        return DATASTORES.stream().filter(d -> name.equals(d.name())).findFirst()
                .or(() -> DATASTORES.stream().filter(d -> d.name().length() > 4 && name.contains(d.name())).findFirst());
    }

}
