package dev.slipway.generate.deploy;

import dev.slipway.model.Service;
import java.util.List;
import java.util.Map;

/**
 * What well-known external images need to run with a read-only root filesystem as a non-root user: where they
 * keep their data (the volume of a stateful service) and which other directories they write to (emptyDirs).
 * Unknown images get {@code /data} and {@code /tmp}; built services write only to {@code /tmp}.
 */
record DataStores(String dataPath, List<String> scratchPaths, Map<String, String> env) {

    private static final DataStores BUILT = new DataStores("/data", List.of("/tmp"), Map.of());
    private static final DataStores UNKNOWN = new DataStores("/data", List.of("/tmp"), Map.of());

    // PGDATA in a sub-directory: the volume root is owned by root:fsGroup and initdb must own its directory.
    private static final Map<String, DataStores> KNOWN = Map.of(
            "postgres", new DataStores("/var/lib/postgresql/data", List.of("/tmp", "/var/run/postgresql"),
                    Map.of("PGDATA", "/var/lib/postgresql/data/pgdata")),
            "postgresql", new DataStores("/var/lib/postgresql/data", List.of("/tmp", "/var/run/postgresql"),
                    Map.of("PGDATA", "/var/lib/postgresql/data/pgdata")),
            "redis", new DataStores("/data", List.of("/tmp"), Map.of()),
            "valkey", new DataStores("/data", List.of("/tmp"), Map.of()),
            "mysql", new DataStores("/var/lib/mysql", List.of("/tmp", "/var/run/mysqld"), Map.of()),
            "mariadb", new DataStores("/var/lib/mysql", List.of("/tmp", "/run/mysqld"), Map.of()),
            "mongo", new DataStores("/data/db", List.of("/tmp", "/data/configdb"), Map.of()),
            "rabbitmq", new DataStores("/var/lib/rabbitmq", List.of("/tmp"), Map.of()));

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
