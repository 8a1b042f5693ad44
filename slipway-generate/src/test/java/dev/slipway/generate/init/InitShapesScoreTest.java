package dev.slipway.generate.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.Dependency;
import dev.slipway.model.Language;
import dev.slipway.model.LoadResult;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Scores {@code slipway init} against a ground truth written by hand for each fixture repository under
 * {@code src/test/resources/repos/shapes/}: every shape the issue lists (compose with .env, env_file, pass-through
 * variables, depends_on, override/include/extends and profiles; Kubernetes manifests with NetworkPolicies and
 * ConfigMaps; a Helm chart; a .NET Aspire AppHost; addresses only in code defaults, config files and Dockerfile
 * ENV; an optional monitoring stack with variant manifests; a callback cycle). The score is computed on the file
 * init writes, loaded unedited through the real {@link SpecLoader}: services and edges must each reach recall and
 * precision 0.9, languages, ports, images and {@code stateful} must be exact.
 */
class InitShapesScoreTest {

    private static final Path SHAPES = RepositoryFiles.root().resolve("slipway-generate/src/test/resources/repos/shapes");
    private static final double BAR = 0.9;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"compose-polyglot", "k8s-netpol", "helm-chart", "aspire", "code-defaults",
        "monitoring-variants", "callback-cycle"})
    void initFindsTheTrueServicesAndGraph(String shape) throws IOException {
        Truth truth = Truth.read(SHAPES.resolve(shape + ".truth.yaml"));
        ImportResult imported = RepositoryImport.scan(SHAPES.resolve(shape));
        String written = SpecText.write(imported, imported.systemName(), imported.registryFor(imported.systemName()));
        LoadResult loaded = SpecLoader.load(written, "slipway.yaml");
        assertThat(loaded.errors()).as("the written slipway.yaml validates unedited:\n%s\nwarnings: %s", written,
                imported.warnings()).isEmpty();
        SystemSpec spec = loaded.orThrow();

        Set<String> found = new TreeSet<>(spec.services().stream().map(Service::name).toList());
        Score services = Score.of(truth.services().keySet(), found);
        Set<String> edges = new TreeSet<>();
        spec.services().forEach(s -> s.dependsOn().stream().map(Dependency::service)
                .forEach(d -> edges.add(s.name() + " -> " + d)));
        Score graph = Score.of(truth.edges(), edges);
        String report = shape + ": services " + services + ", edges " + graph + "\n" + written + "\nwarnings:\n"
                + String.join("\n", imported.warnings());
        System.out.println(shape + ": services " + services + ", edges " + graph);

        assertThat(services.recall()).as(report).isGreaterThanOrEqualTo(BAR);
        assertThat(services.precision()).as(report).isGreaterThanOrEqualTo(BAR);
        assertThat(graph.recall()).as(report).isGreaterThanOrEqualTo(BAR);
        assertThat(graph.precision()).as(report).isGreaterThanOrEqualTo(BAR);

        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        truth.services().forEach((name, facts) -> {
            expected.put(name, describe(facts.get("language"), facts.get("image"), facts.get("port"),
                    Boolean.TRUE.equals(facts.get("stateful"))));
            spec.service(name).ifPresent(s -> actual.put(name, describe(
                    s.language().map(Language::keyword).orElse(null),
                    s.image().map(InitShapesScoreTest::repositoryOf).orElse(null),
                    s.port().orElse(null), s.stateful())));
        });
        assertThat(actual).as(report).containsAllEntriesOf(expected.entrySet().stream()
                .filter(e -> actual.containsKey(e.getKey()))
                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        List<String> told = new java.util.ArrayList<>(imported.warnings());
        told.addAll(imported.leftOut());
        told.add(written); // and its comments
        for (String text : truth.told()) {
            assertThat(told).as(report + "\nleft out:\n" + String.join("\n", imported.leftOut())).anyMatch(w -> w.contains(text));
        }
        assertThat(imported.warnings()).as("no warning carries a stack trace").noneMatch(w -> w.contains("Exception"));
    }

    private static String describe(Object language, Object image, Object port, boolean stateful) {
        return (language != null ? "language " + language : "image " + image) + ", port " + port
                + (stateful ? ", stateful" : "");
    }

    /** {@code docker.io/bitnami/kafka:3.7.0} → {@code bitnami/kafka}. */
    private static String repositoryOf(String image) {
        String repository = image.replaceAll("@.*$", "");
        int slash = repository.lastIndexOf('/');
        int colon = repository.lastIndexOf(':');
        if (colon > slash) {
            repository = repository.substring(0, colon);
        }
        return repository.replaceFirst("^(docker\\.io/)?(library/)?", "");
    }

    record Score(int truePositives, int expected, int found) {

        static Score of(Set<String> truth, Set<String> found) {
            return new Score((int) found.stream().filter(truth::contains).count(), truth.size(), found.size());
        }

        double recall() {
            return expected == 0 ? 1.0 : (double) truePositives / expected;
        }

        double precision() {
            return found == 0 ? (expected == 0 ? 1.0 : 0.0) : (double) truePositives / found;
        }

        @Override
        public String toString() {
            return "recall %.2f precision %.2f (%d of %d found, %d reported)".formatted(recall(), precision(),
                    truePositives, expected, found);
        }
    }

    /**
     * services: name → {language | image, port, stateful}; edges: "a -> b"; told: texts that some warning, some
     * line of the left-out summary or a comment of the written file must contain.
     */
    record Truth(Map<String, Map<String, Object>> services, Set<String> edges, List<String> told) {

        @SuppressWarnings("unchecked")
        static Truth read(Path file) throws IOException {
            Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(file));
            Map<String, Map<String, Object>> services = new LinkedHashMap<>();
            ((Map<String, Object>) root.get("services")).forEach((name, facts) ->
                    services.put(name, (Map<String, Object>) facts));
            Set<String> edges = new TreeSet<>((List<String>) root.get("edges"));
            List<String> told = root.get("told") == null ? List.of() : (List<String>) root.get("told");
            return new Truth(services, edges, told);
        }
    }
}
