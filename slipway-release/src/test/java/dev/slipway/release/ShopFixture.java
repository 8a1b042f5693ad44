package dev.slipway.release;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The realistic release the tests of several modules share (published in slipway-release's test jar): the example
 * shop ({@code examples/shop/slipway.yaml}, 11 services) plus a search service, 12 in all; what runs in production
 * before, and the versions of the next release.
 */
public final class ShopFixture {

    public static final String SEARCH = """

              search:
                path: services/search
                language: go
                buildTool: go
                port: 8080
                replicas: 2
                dependsOn:
                  catalog: ">=1.4.0"
                  redis: ^7.2
            """;

    /** What runs in production before the release. */
    public static final SortedMap<String, String> RUNNING = sorted(Map.ofEntries(
            Map.entry("cart", "1.3.0"), Map.entry("catalog", "1.4.0"), Map.entry("checkout", "1.8.2"),
            Map.entry("frontend", "1.9.0"), Map.entry("notifications", "1.1.0"), Map.entry("payments", "1.6.0"),
            Map.entry("recommendations", "1.0.4"), Map.entry("shipping", "1.2.0"), Map.entry("search", "1.0.0"),
            Map.entry("postgres", "16.4.0"), Map.entry("rabbitmq", "3.13.7"), Map.entry("redis", "7.2.5")));

    /** The next release: every service changes. */
    public static final SortedMap<String, String> NEXT = sorted(Map.ofEntries(
            Map.entry("cart", "2.0.0"), Map.entry("catalog", "2.0.0"), Map.entry("checkout", "2.0.0"),
            Map.entry("frontend", "2.0.0"), Map.entry("notifications", "2.0.0"), Map.entry("payments", "2.0.0"),
            Map.entry("recommendations", "2.0.0"), Map.entry("shipping", "2.0.0"), Map.entry("search", "2.0.0"),
            Map.entry("postgres", "16.6.0"), Map.entry("rabbitmq", "3.13.9"), Map.entry("redis", "7.4.1")));

    private ShopFixture() {
    }

    /** The example shop's slipway.yaml as it is in the repository, found from the working directory upwards. */
    public static String shopYaml() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("examples/shop/slipway.yaml"))) {
            dir = dir.getParent();
        }
        try {
            return Files.readString(dir.resolve("examples/shop/slipway.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example shop with a production that takes releases directly (no promoteFrom, no approval): for the tests
     * of everything but the road from dev to production, which release straight to production.
     */
    public static String directYaml() {
        String shop = shopYaml();
        String road = "    promoteFrom: staging\n    approval: true\n";
        if (!shop.contains(road)) {
            throw new IllegalStateException("examples/shop/slipway.yaml no longer gates production as this fixture "
                    + "expects (" + road.strip() + "): update ShopFixture.directYaml");
        }
        return shop.replace(road, "");
    }

    /** The 12 services: the shop and search. */
    public static SystemSpec spec() {
        return SpecLoader.load(directYaml() + SEARCH, "slipway.yaml").orThrow();
    }

    private static SortedMap<String, String> sorted(Map<String, String> versions) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(versions));
    }
}
