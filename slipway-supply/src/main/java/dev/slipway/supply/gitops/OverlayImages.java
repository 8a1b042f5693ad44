package dev.slipway.supply.gitops;

import dev.slipway.model.UserError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Sets images in the text of a {@code kustomization.yaml} the way {@code kustomize edit set image} would, but
 * edits only the {@code images:} entries it changes: every other byte of the file, comments included, stays as
 * the people who maintain the overlay wrote it. An entry is the one whose {@code name} is the pin's repository,
 * or else (a per-service overlay whose environment pulls from another registry) the one whose name ends in
 * {@code /SERVICE}; it gets {@code newName} when the repository differs from its name, {@code newTag} (the
 * version) and {@code digest}.
 */
final class OverlayImages {

    private static final Pattern PLAIN = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9._/@+-]*(:[A-Za-z0-9._/@+-]+)*$");
    private static final Pattern NOT_A_STRING = Pattern.compile(
            "^([-+]?(\\d+|\\d*\\.\\d+|\\d+\\.\\d*)([eE][-+]?\\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\\.inf|\\.nan"
                    + "|true|false|null|yes|no|on|off|y|n|~)$",
            Pattern.CASE_INSENSITIVE);

    private OverlayImages() {
    }

    /** A text edit: replace {@code [start, end)} (char offsets) with {@code text}. */
    private record Edit(int start, int end, String text) {
    }

    /**
     * {@code kustomization} with {@code pins} set. @param file how an error names the file
     *
     * @throws UserError when the file is not a Kustomization mapping
     */
    static String set(String kustomization, List<ImagePin> pins, String file) {
        MappingNode root = root(kustomization, file);
        Optional<NodeTuple> images = root.getValue().stream().filter(t -> "images".equals(scalar(t.getKeyNode()))).findFirst();
        List<Edit> edits = new ArrayList<>();
        if (images.isEmpty()) {
            StringBuilder block = new StringBuilder(kustomization.isEmpty() || kustomization.endsWith("\n") ? "" : "\n");
            block.append("images:\n");
            pins.forEach(pin -> block.append("- ").append(block(entry(Map.of(), pin), 2)).append('\n'));
            edits.add(new Edit(kustomization.length(), kustomization.length(), block.toString()));
        } else {
            Node value = images.get().getValueNode();
            if (value instanceof SequenceNode sequence) {
                edits.addAll(sequenceEdits(kustomization, sequence, pins, file));
            } else if (value instanceof ScalarNode s && s.getValue().isEmpty()) { // `images:` with nothing after it
                int colon = kustomization.indexOf(':', offset(kustomization, images.get().getKeyNode().getEndMark()));
                StringBuilder block = new StringBuilder();
                pins.forEach(pin -> block.append("\n- ").append(block(entry(Map.of(), pin), 2)));
                edits.add(new Edit(colon + 1, colon + 1, block.toString()));
            } else {
                throw new UserError(file + ": `images` is not a list", "write it as Kustomize does: images: [{name: ..., digest: ...}]");
            }
        }
        String edited = apply(kustomization, edits);
        root(edited, file); // an edit that broke the YAML is a bug here, not the user's: fail loudly
        return edited;
    }

    private static List<Edit> sequenceEdits(String text, SequenceNode sequence, List<ImagePin> pins, String file) {
        List<Edit> edits = new ArrayList<>();
        List<ImagePin> added = new ArrayList<>();
        for (ImagePin pin : pins) {
            Optional<MappingNode> match = match(sequence, pin, file);
            if (match.isEmpty()) {
                added.add(pin);
                continue;
            }
            MappingNode entry = match.get();
            Map<String, String> updated = entry(fields(entry), pin);
            if (entry.getFlowStyle() == FlowStyle.FLOW) {
                edits.add(new Edit(offset(text, entry.getStartMark()), offset(text, entry.getEndMark()), flow(updated)));
            } else {
                edits.addAll(fieldEdits(text, entry, updated));
            }
        }
        if (!added.isEmpty()) {
            if (sequence.getFlowStyle() == FlowStyle.FLOW) {
                int end = offset(text, sequence.getEndMark()) - 1; // before the closing ]
                StringBuilder more = new StringBuilder();
                for (ImagePin pin : added) {
                    more.append(sequence.getValue().isEmpty() && more.isEmpty() ? "" : ", ").append(flow(entry(Map.of(), pin)));
                }
                edits.add(new Edit(end, end, more.toString()));
            } else {
                Node last = sequence.getValue().getLast();
                int end = offset(text, last instanceof MappingNode m && m.getFlowStyle() != FlowStyle.FLOW
                        ? m.getValue().getLast().getValueNode().getEndMark() : last.getEndMark());
                int dash = column(text, offset(text, last.getStartMark())) - 2;
                StringBuilder more = new StringBuilder();
                for (ImagePin pin : added) {
                    more.append('\n').append(" ".repeat(Math.max(dash, 0))).append("- ")
                            .append(block(entry(Map.of(), pin), Math.max(dash, 0) + 2));
                }
                edits.add(new Edit(end, end, more.toString()));
            }
        }
        return edits;
    }

    /**
     * A block entry is edited value by value, and missing keys are added after its last one, so comments and
     * keys around them stay where they were.
     */
    private static List<Edit> fieldEdits(String text, MappingNode entry, Map<String, String> updated) {
        List<Edit> edits = new ArrayList<>();
        List<NodeTuple> tuples = entry.getValue();
        int indent = column(text, offset(text, tuples.getFirst().getKeyNode().getStartMark()));
        int end = offset(text, tuples.getLast().getValueNode().getEndMark());
        StringBuilder added = new StringBuilder();
        updated.forEach((key, value) -> {
            Optional<NodeTuple> existing = tuples.stream().filter(t -> key.equals(scalar(t.getKeyNode()))).findFirst();
            if (existing.isEmpty()) {
                added.append('\n').append(" ".repeat(indent)).append(key).append(": ").append(quoted(value));
            } else if (!value.equals(scalar(existing.get().getValueNode()))) {
                Node node = existing.get().getValueNode();
                edits.add(new Edit(offset(text, node.getStartMark()), offset(text, node.getEndMark()), quoted(value)));
            }
        });
        if (!added.isEmpty()) {
            edits.add(new Edit(end, end, added.toString()));
        }
        return edits;
    }

    private static Optional<MappingNode> match(SequenceNode sequence, ImagePin pin, String file) {
        List<MappingNode> entries = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof MappingNode m)) {
                throw new UserError(file + ": an `images` entry is not a mapping", "each entry is {name: IMAGE, ...}");
            }
            entries.add(m);
        }
        return entries.stream().filter(e -> pin.repository().equals(fields(e).get("name"))).findFirst()
                .or(() -> entries.stream().filter(e -> {
                    String name = fields(e).getOrDefault("name", "");
                    return name.equals(pin.service()) || name.endsWith("/" + pin.service());
                }).findFirst());
    }

    /** The entry's fields with the pin's image set; the fields Slipway does not own are kept. */
    private static Map<String, String> entry(Map<String, String> existing, ImagePin pin) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", existing.getOrDefault("name", pin.repository()));
        existing.forEach(fields::putIfAbsent);
        if (existing.containsKey("newName") || !fields.get("name").equals(pin.repository())) {
            fields.put("newName", pin.repository());
        }
        fields.put("newTag", pin.version());
        fields.put("digest", pin.digest());
        return fields;
    }

    private static String block(Map<String, String> fields, int indent) {
        StringBuilder text = new StringBuilder();
        fields.forEach((key, value) -> text.append(text.isEmpty() ? "" : "\n" + " ".repeat(indent))
                .append(key).append(": ").append(quoted(value)));
        return text.toString();
    }

    private static String flow(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((key, value) -> pairs.add(key + ": " + quoted(value)));
        return "{" + String.join(", ", pairs) + "}";
    }

    /** Plain when YAML reads it back as the same string (a version like {@code 1.10} would be a number). */
    private static String quoted(String value) {
        if (PLAIN.matcher(value).matches() && !NOT_A_STRING.matcher(value).matches()) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Map<String, String> fields(MappingNode entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : entry.getValue()) {
            String key = scalar(tuple.getKeyNode());
            String value = scalar(tuple.getValueNode());
            if (key != null && value != null) {
                fields.put(key, value);
            }
        }
        return fields;
    }

    private static MappingNode root(String text, String file) {
        Optional<Node> node;
        try {
            node = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (YamlEngineException e) {
            throw new UserError(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""),
                    "fix the overlay in the repository; Slipway edits only its `images`");
        }
        if (node.isEmpty()) {
            return new MappingNode(org.snakeyaml.engine.v2.nodes.Tag.MAP, List.of(), FlowStyle.BLOCK);
        }
        if (!(node.get() instanceof MappingNode mapping)) {
            throw new UserError(file + " is not a Kustomization", "it should be a mapping with `resources:`");
        }
        return mapping;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    /** A mark's index counts code points; Java strings count chars. */
    private static int offset(String text, Optional<Mark> mark) {
        int codePoints = mark.orElseThrow(() -> new IllegalStateException("a node without a position")).getIndex();
        return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
    }

    private static int column(String text, int offset) {
        return offset - (text.lastIndexOf('\n', offset - 1) + 1);
    }

    private static String apply(String text, List<Edit> edits) {
        StringBuilder result = new StringBuilder(text);
        edits.stream().sorted(Comparator.comparingInt(Edit::start).reversed())
                .forEach(e -> result.replace(e.start(), e.end(), e.text()));
        return result.toString();
    }
}
