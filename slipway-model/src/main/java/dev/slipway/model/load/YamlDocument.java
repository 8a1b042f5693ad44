package dev.slipway.model.load;

import dev.slipway.model.DocPath;
import dev.slipway.model.Problem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One YAML document read into a JSON tree (for the schema and the reader) that remembers where every key and
 * value stood in the text. YAML 1.2 core schema: {@code yes}/{@code no} stay strings, {@code 08} is a string.
 * Public for the other YAML Slipway reads with positions: the Kubernetes manifests a release applies
 * ({@link #parseAll}, several documents to a file).
 */
public final class YamlDocument {

    /** Guards against alias bombs and absurd inputs; a real slipway.yaml has a few thousand nodes. */
    private static final int MAX_NODES = 200_000;
    private static final int MAX_DEPTH = 64;

    private final JsonNode root;
    private final Map<DocPath, Position> values;
    private final Map<DocPath, Position> keys;

    /** A 1-based line and column; 0 when unknown. */
    public record Position(int line, int column) {
        static Position of(Optional<Mark> mark) {
            return mark.map(m -> new Position(m.getLine() + 1, m.getColumn() + 1)).orElse(new Position(0, 0));
        }
    }

    /** A YAML mistake found while reading, before any schema applies. */
    record SyntaxProblem(Position position, DocPath path, String message, String hint) {
    }

    /** The text is not YAML Slipway can read; every problem is located. */
    public static final class SyntaxException extends Exception {
        private final transient List<SyntaxProblem> problems;

        SyntaxException(List<SyntaxProblem> problems) {
            super(problems.getFirst().message(), null, false, false);
            this.problems = problems;
        }

        List<SyntaxProblem> problems() {
            return problems;
        }

        /** The problems as {@link Problem}s of {@code file}. */
        public List<Problem> problems(String file) {
            return problems.stream().map(p -> new Problem(Problem.Severity.ERROR, file, p.position().line(),
                    p.position().column(), p.path(), p.message(), Optional.ofNullable(p.hint()))).toList();
        }
    }

    private YamlDocument(JsonNode root, Map<DocPath, Position> values, Map<DocPath, Position> keys) {
        this.root = root;
        this.values = values;
        this.keys = keys;
    }

    public JsonNode root() {
        return root;
    }

    /** Where the value at {@code path} starts; for a path that is absent, its nearest present ancestor. */
    public Position valuePosition(DocPath path) {
        for (DocPath p = path; ; p = p.parent()) {
            Position position = values.get(p);
            if (position != null || p.segments().isEmpty()) {
                return position == null ? new Position(1, 1) : position;
            }
        }
    }

    /** Where the key of the entry at {@code path} stands (the value's position for list items and the root). */
    public Position keyPosition(DocPath path) {
        Position position = keys.get(path);
        return position != null ? position : valuePosition(path);
    }

    static YamlDocument parse(String text, String label) throws SyntaxException {
        List<Node> documents = compose(text, label);
        if (documents.isEmpty()) {
            throw new SyntaxException(List.of(new SyntaxProblem(new Position(1, 1), DocPath.ROOT,
                    "the file is empty", "start from `slipway init` or the examples in examples/")));
        }
        if (documents.size() > 1) {
            throw new SyntaxException(List.of(new SyntaxProblem(
                    Position.of(documents.get(1).getStartMark()), DocPath.ROOT,
                    "expected one YAML document, found " + documents.size(),
                    "remove the `---` separators: one slipway.yaml describes one system")));
        }
        return convert(documents.getFirst());
    }

    /**
     * Every document of a stream separated by {@code ---}, in order; documents that hold nothing (an empty one
     * between two separators, a file of comments) are left out. Positions are those of the whole text.
     */
    public static List<YamlDocument> parseAll(String text, String label) throws SyntaxException {
        List<YamlDocument> documents = new ArrayList<>();
        for (Node node : compose(text, label)) {
            if (!(node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()))) {
                documents.add(convert(node));
            }
        }
        return documents;
    }

    private static List<Node> compose(String text, String label) throws SyntaxException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(label)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true) // reported by us, with both positions
                .setMaxAliasesForCollections(100)
                .setCodePointLimit(8 * 1024 * 1024)
                .build();
        List<Node> documents = new ArrayList<>();
        try {
            Iterator<Node> iterator = new Compose(settings).composeAllFromString(text).iterator();
            while (iterator.hasNext()) {
                documents.add(iterator.next());
            }
        } catch (MarkedYamlEngineException e) {
            Position at = Position.of(e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark());
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new SyntaxException(List.of(new SyntaxProblem(at, DocPath.ROOT,
                    "YAML syntax error: " + context + e.getProblem(),
                    "check the indentation and the quoting around this position")));
        } catch (YamlEngineException e) {
            throw new SyntaxException(List.of(new SyntaxProblem(new Position(1, 1), DocPath.ROOT,
                    "YAML cannot be read: " + e.getMessage(), "keep the file to plain YAML mappings, lists and scalars")));
        }
        return documents;
    }

    private static YamlDocument convert(Node document) throws SyntaxException {
        Converter converter = new Converter();
        JsonNode root = converter.convert(document, DocPath.ROOT, 0);
        if (!converter.problems.isEmpty()) {
            throw new SyntaxException(converter.problems);
        }
        return new YamlDocument(root, converter.values, converter.keys);
    }

    private static final class Converter {
        private final JsonNodeFactory json = JsonNodeFactory.instance;
        private final Map<DocPath, Position> values = new HashMap<>();
        private final Map<DocPath, Position> keys = new HashMap<>();
        private final List<SyntaxProblem> problems = new ArrayList<>();
        private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
        private int count;

        JsonNode convert(Node node, DocPath path, int depth) {
            values.put(path, Position.of(node.getStartMark()));
            if (++count > MAX_NODES || depth > MAX_DEPTH) {
                fail(node, path, "the document is too large or too deeply nested",
                        "a slipway.yaml needs neither; check for runaway aliases");
                return json.nullNode();
            }
            if (!inProgress.add(node)) {
                fail(node, path, "recursive alias", "an alias must not refer to a node that contains it");
                return json.nullNode();
            }
            try {
                return switch (node) {
                    case MappingNode mapping -> mapping(mapping, path, depth);
                    case SequenceNode sequence -> sequence(sequence, path, depth);
                    case ScalarNode scalar -> scalar(scalar);
                    default -> json.nullNode();
                };
            } finally {
                inProgress.remove(node);
            }
        }

        private ObjectNode mapping(MappingNode mapping, DocPath path, int depth) {
            ObjectNode object = json.objectNode();
            Map<String, Position> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    fail(tuple.getKeyNode(), path, "a key must be a plain string", "write the key as text");
                    continue;
                }
                String key = keyNode.getValue();
                DocPath child = path.child(key);
                Position keyAt = Position.of(keyNode.getStartMark());
                Position first = seen.putIfAbsent(key, keyAt);
                if (first != null) {
                    problems.add(new SyntaxProblem(keyAt, child,
                            "duplicate key '" + key + "' (first defined at line " + first.line() + ")",
                            "names must be unique: remove or rename one of them"));
                    continue;
                }
                keys.put(child, keyAt);
                object.set(key, convert(tuple.getValueNode(), child, depth + 1));
            }
            return object;
        }

        private ArrayNode sequence(SequenceNode sequence, DocPath path, int depth) {
            ArrayNode array = json.arrayNode();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                array.add(convert(items.get(i), path.child(i), depth + 1));
            }
            return array;
        }

        private JsonNode scalar(ScalarNode scalar) {
            String text = scalar.getValue();
            Tag tag = scalar.getTag();
            try {
                if (Tag.NULL.equals(tag)) {
                    return json.nullNode();
                } else if (Tag.BOOL.equals(tag)) {
                    return json.booleanNode(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
                } else if (Tag.INT.equals(tag)) {
                    return integer(text);
                } else if (Tag.FLOAT.equals(tag)) {
                    return json.numberNode(Double.parseDouble(text));
                }
            } catch (NumberFormatException e) {
                // .inf, .nan and other exotic numbers: keep the text, the schema says what was expected
            }
            return json.stringNode(text);
        }

        private JsonNode integer(String text) {
            String digits = text.replace("_", "");
            BigInteger value;
            if (digits.startsWith("0x")) {
                value = new BigInteger(digits.substring(2), 16);
            } else if (digits.startsWith("0o")) {
                value = new BigInteger(digits.substring(2), 8);
            } else {
                value = new BigInteger(digits);
            }
            return value.bitLength() < 32 ? json.numberNode(value.intValue()) : json.numberNode(value);
        }

        private void fail(Node node, DocPath path, String message, String hint) {
            problems.add(new SyntaxProblem(Position.of(node.getStartMark()), path, message, hint));
        }
    }
}
