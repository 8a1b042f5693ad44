package dev.slipway.generate.deploy;

import dev.slipway.model.Service;
import java.util.List;
import java.util.Map;

/**
 * What well-known external images need to run with a read-only root filesystem as a non-root user: where they
 * keep their data (the volume of a stateful service) and which other directories they write to (emptyDirs).
 * Unknown images get {@code /data} and {@code /tmp}; built services write only to {@code /tmp}.
 */
record DataStores(String dataPath, List<String> scratchPaths, Map<String, String> env, List<String> readiness,
        List<String> requiredSecrets) {

    private static final DataStores BUILT = new DataStores("/data", List.of("/tmp"), Map.of(), List.of(), List.of());
    private static final DataStores UNKNOWN = new DataStores("/data", List.of("/tmp"), Map.of(), List.of(), List.of());

    // PGDATA in a sub-directory: the volume root is owned by root:fsGroup and initdb must own its directory.
    // readiness: the image's own client asks the server itself (a listening port is not a ready database);
    // requiredSecrets: variables the image refuses to start without, read from the Secret SERVICE-credentials.
    private static final DataStores POSTGRES = new DataStores("/var/lib/postgresql/data", List.of("/tmp", "/var/run/postgresql"),
            Map.of("PGDATA", "/var/lib/postgresql/data/pgdata"), List.of("pg_isready", "-h", "127.0.0.1"),
            List.of("POSTGRES_PASSWORD"));
    private static final Map<String, DataStores> KNOWN = Map.of(
            "postgres", POSTGRES,
            "postgresql", POSTGRES,
            "redis", new DataStores("/data", List.of("/tmp"), Map.of(), List.of("redis-cli", "ping"), List.of()),
            "valkey", new DataStores("/data", List.of("/tmp"), Map.of(), List.of("valkey-cli", "ping"), List.of()),
            "mysql", new DataStores("/var/lib/mysql", List.of("/tmp", "/var/run/mysqld"), Map.of(),
                    List.of("mysqladmin", "ping", "-h", "127.0.0.1"), List.of("MYSQL_ROOT_PASSWORD")),
            "mariadb", new DataStores("/var/lib/mysql", List.of("/tmp", "/run/mysqld"), Map.of(),
                    List.of("healthcheck.sh", "--connect"), List.of("MARIADB_ROOT_PASSWORD")),
            "mongo", new DataStores("/data/db", List.of("/tmp", "/data/configdb"), Map.of(),
                    List.of("mongosh", "--quiet", "--eval", "db.adminCommand('ping')"), List.of()),
            "rabbitmq", new DataStores("/var/lib/rabbitmq", List.of("/tmp"), Map.of(),
                    List.of("rabbitmq-diagnostics", "-q", "ping"), List.of("RABBITMQ_DEFAULT_PASS")));

    /** The Secret a datastore's required credentials are read from; the team creates it (see docs/generators/deploy.md). */
    static String credentialsSecret(Service service) {
        return service.name() + "-credentials";
    }

    static DataStores of(Service service) {
        if (service.builtFromSource()) {
            return BUILT;
        }
        String image = service.image().orElseThrow();
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String name = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        int colon = name.indexOf(':');
        return KNOWN.getOrDefault(colon >= 0 ? name.substring(0, colon) : name, UNKNOWN);
    }
}
