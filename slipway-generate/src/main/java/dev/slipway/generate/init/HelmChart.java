package dev.slipway.generate.init;

import static dev.slipway.generate.init.YamlValues.map;
import static dev.slipway.generate.init.YamlValues.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Helm chart rendered the way {@code helm template} would with its default {@code values.yaml}, without a helm
 * binary: {@link HelmTemplate} evaluates the subset of Go templates charts use for their objects. The release is
 * named after the chart (as in {@code helm install shop ./shop}). A template that does not render to YAML is a
 * warning naming it; the chart's other templates still count.
 */
final class HelmChart {

    /** One object of a rendered template, with the template's path. */
    record Rendered(String file, Object object) {
    }

    private HelmChart() {
    }

    static List<Rendered> render(RepositoryTree tree, String chart, List<String> warnings) {
        String prefix = chart.isEmpty() ? "" : chart + "/";
        Map<String, Object> meta = map(first(tree, prefix + "Chart.yaml", warnings));
        Map<String, Object> values = map(first(tree, prefix + "values.yaml", warnings));
        String name = text(meta.get("name")).orElse(RepositoryTree.fileName(chart));
        Map<String, Object> chartScope = new LinkedHashMap<>();
        chartScope.put("Name", name);
        chartScope.put("Version", meta.get("version"));
        chartScope.put("AppVersion", meta.get("appVersion"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Values", values);
        root.put("Chart", chartScope);
        root.put("Release", Map.of("Name", name, "Namespace", "default", "Service", "Helm"));
        root.put("Capabilities", Map.of("KubeVersion", Map.of("Version", "v1.30.0", "GitVersion", "v1.30.0")));

        List<String> templates = tree.files().stream().filter(f -> f.startsWith(prefix + "templates/"))
                .filter(f -> !f.substring(prefix.length()).startsWith("templates/tests/")).toList();
        HelmTemplate engine = new HelmTemplate();
        templates.stream().filter(f -> f.endsWith(".tpl") || RepositoryTree.fileName(f).startsWith("_"))
                .forEach(f -> tree.read(f).ifPresent(engine::define));
        List<Rendered> rendered = new ArrayList<>();
        for (String file : templates) {
            if (!ManifestReader.isYaml(file) || RepositoryTree.fileName(file).startsWith("_")) {
                continue;
            }
            String text = engine.render(tree.read(file).orElse(""), root);
            List<Object> documents = YamlFiles.documents(file + " (rendered with the chart's default values)", text,
                    warnings);
            if (documents != null) {
                documents.forEach(d -> rendered.add(new Rendered(file, d)));
            }
        }
        rendered.addAll(subcharts(prefix + "Chart.yaml", meta, values, name));
        return rendered;
    }

    /**
     * Datastore subcharts ({@code dependencies:} such as bitnami's postgresql or redis, enabled by their
     * {@code condition}) are not fetched; each becomes a StatefulSet of the datastore's image and the Services
     * the chart's own templates call it by ({@code RELEASE-postgresql}, {@code RELEASE-redis-master}, ...).
     */
    private static List<Rendered> subcharts(String file, Map<String, Object> meta, Map<String, Object> values,
                                            String release) {
        List<Rendered> objects = new ArrayList<>();
        for (Object entry : YamlValues.list(meta.get("dependencies"))) {
            Map<String, Object> dependency = map(entry);
            String chart = text(dependency.get("name")).orElse("");
            String name = text(dependency.get("alias")).orElse(chart);
            boolean enabled = text(dependency.get("condition")).map(c -> c.split(",")[0].strip())
                    .map(c -> YamlValues.at(values, c.split("\\.")))
                    .map(HelmTemplate::truthy).orElse(true);
            var datastore = KnownImages.datastore(chart);
            if (!enabled || datastore.isEmpty() || name.isEmpty()) {
                continue;
            }
            String image = "bitnami/" + chart + ":" + datastore.get().version();
            Map<String, Object> labels = Map.of("app.kubernetes.io/instance", release, "app.kubernetes.io/name", name);
            Map<String, Object> container = Map.of("name", name, "image", image,
                    "ports", List.of(Map.of("containerPort", datastore.get().port())));
            objects.add(new Rendered(file, Map.of("apiVersion", "apps/v1", "kind", "StatefulSet",
                    "metadata", Map.of("name", name),
                    "spec", Map.of("replicas", 1, "template", Map.of("metadata", Map.of("labels", labels),
                            "spec", Map.of("containers", List.of(container)))))));
            for (String alias : List.of(release + "-" + name, release + "-" + name + "-master",
                    release + "-" + name + "-primary", release + "-" + name + "-headless", name + "-master",
                    name + "-primary", name + "-headless")) {
                objects.add(new Rendered(file, Map.of("apiVersion", "v1", "kind", "Service",
                        "metadata", Map.of("name", alias), "spec", Map.of("selector", labels,
                                "ports", List.of(Map.of("port", datastore.get().port()))))));
            }
        }
        return objects;
    }

    private static Object first(RepositoryTree tree, String file, List<String> warnings) {
        List<Object> documents = tree.read(file).map(t -> YamlFiles.documents(file, t, warnings)).orElse(null);
        return documents == null || documents.isEmpty() ? null : documents.getFirst();
    }
}
