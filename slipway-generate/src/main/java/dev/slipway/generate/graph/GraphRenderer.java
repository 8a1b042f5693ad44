package dev.slipway.generate.graph;

import dev.slipway.model.Dependency;
import dev.slipway.model.DependencyGraph;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Draws the dependency graph. Edges point from the dependent to its dependency. The JSON form is a stable
 * contract: {@code {"services":[{"name","language","port","image"}],"edges":[{"from","to","range"}]}}.
 */
public final class GraphRenderer {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private GraphRenderer() {
    }

    public static String render(SystemSpec spec, GraphFormat format) {
        return switch (format) {
            case TEXT -> text(spec);
            case JSON -> json(spec);
            case DOT -> dot(spec);
            case MERMAID -> mermaid(spec);
        };
    }

    static String json(SystemSpec spec) {
        List<Map<String, Object>> services = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (Service service : spec.services()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", service.name());
            node.put("language", service.language().map(l -> l.keyword()).orElse(null));
            node.put("port", service.port().orElse(null));
            node.put("image", service.image().orElse(null));
            services.add(node);
            for (Dependency dependency : service.dependsOn()) {
                Map<String, Object> edge = new LinkedHashMap<>();
                edge.put("from", service.name());
                edge.put("to", dependency.service());
                edge.put("range", dependency.range().text());
                edges.add(edge);
            }
        }
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("services", services);
        graph.put("edges", edges);
        return JSON.writeValueAsString(graph) + "\n";
    }

    /** Services in deployment order (by depth: dependencies first), each with what it runs and what it needs. */
    static String text(SystemSpec spec) {
        DependencyGraph graph = spec.graph();
        Map<String, Integer> depths = graph.depths();
        List<String> order = new ArrayList<>(graph.topologicalOrder());
        order.sort(java.util.Comparator.comparingInt(depths::get)); // stable: keeps spec order within a depth
        int nameWidth = spec.services().stream().mapToInt(s -> s.name().length()).max().orElse(4);
        int whatWidth = spec.services().stream().mapToInt(s -> what(s).length()).max().orElse(4);
        long edges = spec.services().stream().mapToLong(s -> s.dependsOn().size()).sum();
        StringBuilder out = new StringBuilder();
        out.append(spec.system().name()).append(": ").append(spec.services().size()).append(" services, ")
                .append(edges).append(" dependencies; in deployment order (depth 0 first)\n");
        for (String name : order) {
            Service service = spec.service(name).orElseThrow();
            String needs = service.dependsOn().isEmpty() ? "" : "  needs " + String.join(", ",
                    service.dependsOn().stream().map(d -> d.service() + " " + d.range().text()).toList());
            out.append(String.format("  %d  %-" + nameWidth + "s  %-" + whatWidth + "s  %6s%s", depths.get(name), name,
                    what(service), service.port().map(p -> ":" + p).orElse(""), needs).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String what(Service service) {
        return service.image().orElseGet(() -> service.language().map(l -> l.keyword()).orElse("?"));
    }

    static String dot(SystemSpec spec) {
        StringBuilder out = new StringBuilder("digraph \"" + spec.system().name() + "\" {\n");
        out.append("  rankdir=LR;\n  node [shape=box, style=rounded];\n");
        for (Service service : spec.services()) {
            String label = service.name() + "\\n" + service.image()
                    .orElseGet(() -> service.language().map(l -> l.keyword()).orElse(""));
            out.append("  \"").append(service.name()).append("\" [label=\"").append(label).append("\"")
                    .append(service.image().isPresent() ? ", style=\"rounded,dashed\"" : "").append("];\n");
        }
        for (Service service : spec.services()) {
            for (Dependency dependency : service.dependsOn()) {
                out.append("  \"").append(service.name()).append("\" -> \"").append(dependency.service())
                        .append("\" [label=\"").append(dependency.range().text().replace("\"", "\\\"")).append("\"];\n");
            }
        }
        return out.append("}\n").toString();
    }

    static String mermaid(SystemSpec spec) {
        StringBuilder out = new StringBuilder("graph LR\n");
        for (Service service : spec.services()) {
            String what = service.image().orElseGet(() -> service.language().map(l -> l.keyword()).orElse(""));
            out.append("  ").append(id(service.name())).append("[\"").append(service.name()).append("<br/>")
                    .append(what.replace("\"", "#quot;")).append("\"]\n");
        }
        for (Service service : spec.services()) {
            for (Dependency dependency : service.dependsOn()) {
                out.append("  ").append(id(service.name())).append(" -->|\"")
                        .append(dependency.range().text().replace("\"", "#quot;")).append("\"| ")
                        .append(id(dependency.service())).append('\n');
            }
        }
        return out.toString();
    }

    /** Mermaid ids cannot contain '-' in every renderer; names are DNS labels, so '_' is unambiguous. */
    private static String id(String name) {
        return name.replace('-', '_');
    }
}
