package dev.slipway.sandbox;

import dev.slipway.model.DocPath;
import dev.slipway.model.Problem;
import dev.slipway.model.load.SmallYamlFile;
import dev.slipway.model.load.Suggest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The faults injected into the sandbox, one per service version. Read from a {@code faults.yaml} that is a list of
 * entries:
 * <pre>
 * - {service: payments, version: 2.0.0, errorRate: 0.3, latencyFactor: 1.0, crashLoop: false, imagePull: false}
 * - {service: search, version: 1.4.0, latencyFactor: 3}
 * </pre>
 * Only {@code service} and {@code version} are required; {@code healthy: false} makes the health path fail
 * whatever the error rate. Every mistake comes back as a located {@link Problem}.
 */
public record Faults(List<Fault> entries) {

    private static final Set<String> KEYS = Set.of("service", "version", "errorRate", "latencyFactor", "crashLoop",
            "imagePull", "healthy");

    public Faults {
        entries = List.copyOf(entries);
    }

    public static Faults none() {
        return new Faults(List.of());
    }

    public static Faults of(Fault... faults) {
        return new Faults(List.of(faults));
    }

    /** The fault of a service version; the last entry wins when one is listed twice (the loader refuses that). */
    public Optional<Fault> of(String service, String version) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Fault fault = entries.get(i);
            if (fault.service().equals(service) && fault.version().equals(version)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    /** The faults, or every problem of the file. */
    public record Load(Optional<Faults> faults, List<Problem> problems) {
        public Load {
            problems = problems.stream().sorted(Problem.BY_POSITION).toList();
        }

        public boolean ok() {
            return faults.isPresent();
        }
    }

    public static Load load(Path file) {
        try {
            return load(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            return new Load(Optional.empty(), List.of(new Problem(Problem.Severity.ERROR, file.toString(), 0, 0,
                    DocPath.ROOT, "cannot read the file: " + e.getMessage(),
                    Optional.of("check that it exists and is readable"))));
        }
    }

    public static Load load(String text, String label) {
        Reader reader = new Reader(label);
        List<Fault> faults = reader.read(text);
        return new Load(reader.file.ok() ? Optional.of(new Faults(faults)) : Optional.empty(),
                reader.file.problems());
    }

    private static final class Reader {
        private final SmallYamlFile file;

        Reader(String label) {
            this.file = new SmallYamlFile(label);
        }

        List<Fault> read(String text) {
            Optional<Node> root = file.compose(text, "keep the file to a plain list of faults");
            if (root.isEmpty()) {
                return List.of(); // an empty file injects nothing
            }
            if (!(root.get() instanceof SequenceNode sequence)) {
                error(root.get().getStartMark(), DocPath.ROOT, "expected a list of faults",
                        "e.g. - {service: payments, version: 2.0.0, errorRate: 0.3}");
                return List.of();
            }
            List<Fault> faults = new ArrayList<>();
            Map<String, DocPath> seen = new LinkedHashMap<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                DocPath path = DocPath.ROOT.child(i);
                readFault(item, path).ifPresent(fault -> {
                    String key = fault.service() + "@" + fault.version();
                    if (seen.containsKey(key)) {
                        error(item.getStartMark(), path, fault.service() + " " + fault.version()
                                + " is listed twice (also at " + seen.get(key) + ")", "give each version one entry");
                    } else {
                        seen.put(key, path);
                        faults.add(fault);
                    }
                });
            }
            return faults;
        }

        private Optional<Fault> readFault(Node node, DocPath path) {
            if (!(node instanceof MappingNode mapping)) {
                error(node.getStartMark(), path, "expected a mapping",
                        "e.g. {service: payments, version: 2.0.0, errorRate: 0.3}");
                return Optional.empty();
            }
            int before = file.problems().size();
            Map<String, Node> values = new LinkedHashMap<>();
            for (NodeTuple entry : mapping.getValue()) {
                Optional<String> key = scalar(entry.getKeyNode());
                if (key.isEmpty()) {
                    error(entry.getKeyNode().getStartMark(), path, "expected a plain key", null);
                } else if (!KEYS.contains(key.get())) {
                    error(entry.getKeyNode().getStartMark(), path.child(key.get()),
                            "unknown key \"" + key.get() + "\"", hintFor(key.get(), KEYS));
                } else if (values.containsKey(key.get())) {
                    error(entry.getKeyNode().getStartMark(), path.child(key.get()),
                            "\"" + key.get() + "\" is given twice", null);
                } else {
                    values.put(key.get(), entry.getValueNode());
                }
            }
            String service = name(values, "service", mapping, path, "e.g. service: payments");
            String version = name(values, "version", mapping, path, "e.g. version: 2.0.0 (quote it if YAML reads a number)");
            double errorRate = number(values, "errorRate", path, 0, 0, 1);
            double latencyFactor = number(values, "latencyFactor", path, 1, Double.MIN_VALUE, Double.MAX_VALUE);
            boolean crashLoop = flag(values, "crashLoop", path).orElse(false);
            boolean imagePull = flag(values, "imagePull", path).orElse(false);
            Optional<Boolean> healthy = flag(values, "healthy", path);
            if (file.problems().size() > before) {
                return Optional.empty();
            }
            return Optional.of(new Fault(service, version, errorRate, latencyFactor, crashLoop, imagePull, healthy));
        }

        private String name(Map<String, Node> values, String key, MappingNode owner, DocPath path, String example) {
            Node node = values.get(key);
            if (node == null) {
                error(owner.getStartMark(), path, "missing `" + key + ":`", example);
                return null;
            }
            Optional<String> text = scalar(node).filter(s -> !s.isBlank());
            if (text.isEmpty()) {
                error(node.getStartMark(), path.child(key), "expected a " + key, example);
                return null;
            }
            return text.get();
        }

        private double number(Map<String, Node> values, String key, DocPath path, double absent, double min,
                              double max) {
            Node node = values.get(key);
            if (node == null) {
                return absent;
            }
            Optional<String> text = scalar(node);
            try {
                double value = Double.parseDouble(text.orElse("x"));
                if (value >= min && value <= max && Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            boolean share = key.equals("errorRate");
            error(node.getStartMark(), path.child(key), "\"" + text.orElse("?") + "\" is not "
                    + (share ? "a share between 0 and 1" : "a positive factor"), share ? "e.g. 0.3" : "e.g. 2.5");
            return absent;
        }

        private Optional<Boolean> flag(Map<String, Node> values, String key, DocPath path) {
            Node node = values.get(key);
            if (node == null) {
                return Optional.empty();
            }
            Optional<String> text = scalar(node);
            if (text.isPresent() && (text.get().equals("true") || text.get().equals("false"))) {
                return Optional.of(Boolean.parseBoolean(text.get()));
            }
            error(node.getStartMark(), path.child(key), "expected true or false", null);
            return Optional.empty();
        }

        private static String hintFor(String typo, Collection<String> keys) {
            return Suggest.closest(typo, keys).map(k -> "did you mean \"" + k + "\"?")
                    .orElse("the keys are " + String.join(", ", keys.stream().sorted().toList()));
        }

        private static Optional<String> scalar(Node node) {
            return node instanceof ScalarNode scalar ? Optional.of(scalar.getValue()) : Optional.empty();
        }

        private void error(Optional<Mark> mark, DocPath path, String message, String hint) {
            file.error(mark, path, message, hint);
        }
    }
}
