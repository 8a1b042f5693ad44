package dev.slipway.model.load;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.slipway.model.DocPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The JSON Schema of {@code slipway.yaml}, shipped in the jar, and its findings as located, readable messages. */
public final class SpecSchema {

    private static final String RESOURCE = "/dev/slipway/model/slipway.schema.json";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final Schema schema;
    /** Schema location of an {@code additionalProperties} keyword → the keys allowed there, sorted. */
    private final Map<String, List<String>> knownProperties = new ConcurrentHashMap<>();

    /** A finding of the schema: where, what, and how to fix it. */
    record Finding(DocPath path, boolean atKey, String message, String hint) {
    }

    private SpecSchema(String text) {
        this.document = JSON.readTree(text);
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(document);
    }

    private static final class Holder {
        static final SpecSchema INSTANCE = new SpecSchema(text());
    }

    public static SpecSchema get() {
        return Holder.INSTANCE;
    }

    /** The schema as published, e.g. by {@code slipway schema}. */
    public static String text() {
        try (InputStream in = SpecSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the jar: " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Finding> check(JsonNode instance) {
        List<Finding> findings = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            findings.add(describe(error));
        }
        // each path rendered once, not twice per comparison: 10,000 problems are ~130,000 comparisons
        return findings.stream().map(f -> Map.entry(f.path().toString(), f))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).distinct().toList();
    }

    private Finding describe(Error error) {
        DocPath path = toDocPath(error.getInstanceLocation());
        Object[] args = error.getArguments() == null ? new Object[0] : error.getArguments();
        String found = describeValue(error.getInstanceNode());
        return switch (error.getKeyword()) {
            case "additionalProperties" -> unknownProperty(error, path);
            case "required" -> new Finding(path, false,
                    "missing required key '" + error.getProperty() + "'",
                    "add `" + error.getProperty() + ":` here");
            case "type" -> new Finding(path, false,
                    "expected " + expectedTypes(error) + ", found " + found,
                    "see `slipway schema` or docs/spec.md for this key");
            case "enum" -> new Finding(path, false,
                    "unknown value " + found,
                    "expected one of: " + enumValues(error));
            case "pattern" -> new Finding(path, false,
                    "value " + found + " is not valid here", patternHint(error));
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> new Finding(path, false,
                    "value " + found + " is out of range", rangeHint(error));
            case "propertyNames" -> {
                String name = error.getProperty() != null ? error.getProperty() : String.valueOf(args[0]);
                yield new Finding(path.child(name), true, "'" + name + "' is not a valid name",
                        "a name is a DNS label: lower-case letters, digits and '-', starting with a letter, at most 63 characters");
            }
            case "minItems" -> new Finding(path, false, "the list is empty", "give at least one item");
            case "minProperties" -> new Finding(path, false, "the mapping is empty", "give at least one entry");
            case "minLength" -> new Finding(path, false, "value " + found + " is too short", patternHint(error));
            case "uniqueItems" -> new Finding(path, false, "the list repeats an item", "list each item once");
            default -> new Finding(path, false, stripLocation(error.getMessage()),
                    "see `slipway schema` or docs/spec.md; args " + Arrays.toString(args));
        };
    }

    private Finding unknownProperty(Error error, DocPath parent) {
        String property = error.getProperty();
        List<String> known = knownProperties(error);
        String hint = Suggest.closest(property, known)
                .map(s -> "did you mean '" + s + "'?")
                .orElse(known.isEmpty() ? "remove it" : "expected one of: " + String.join(", ", known));
        return new Finding(parent.child(property), true, "unknown key '" + property + "'", hint);
    }

    /**
     * The {@code properties} beside the failing {@code additionalProperties} keyword, read from the schema itself;
     * once per place in the schema, not per unknown key (a spec of 10,000 unknown keys asked 10,000 times).
     */
    private List<String> knownProperties(Error error) {
        return knownProperties.computeIfAbsent(String.valueOf(error.getSchemaLocation()), location -> {
            JsonNode parent = schemaNodeAt(error, 1);
            JsonNode properties = parent == null ? null : parent.get("properties");
            if (properties == null) {
                return List.of();
            }
            return StreamSupport.stream(properties.propertyNames().spliterator(), false).sorted().toList();
        });
    }

    private String expectedTypes(Error error) {
        JsonNode type = error.getSchemaNode();
        if (type != null && type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(article(t.asString())));
            return String.join(" or ", types);
        }
        return type == null ? "another type" : article(type.asString());
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            default -> "a " + type;
        };
    }

    private String enumValues(Error error) {
        JsonNode values = error.getSchemaNode();
        List<String> names = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> names.add(v.asString()));
        }
        return String.join(", ", names);
    }

    private String patternHint(Error error) {
        JsonNode parent = schemaNodeAt(error, 1);
        JsonNode description = parent == null ? null : parent.get("description");
        return description != null ? description.asString() : "see `slipway schema` or docs/spec.md for the format";
    }

    private String rangeHint(Error error) {
        JsonNode parent = schemaNodeAt(error, 1);
        if (parent == null) {
            return "see docs/spec.md";
        }
        String min = parent.has("minimum") ? parent.get("minimum").asString() : null;
        String max = parent.has("maximum") ? parent.get("maximum").asString() : null;
        if (min != null && max != null) {
            return "expected a value from " + min + " to " + max;
        }
        return min != null ? "expected at least " + min : "expected at most " + max;
    }

    /** The schema node {@code up} levels above the failing keyword, by its JSON pointer fragment. */
    private JsonNode schemaNodeAt(Error error, int up) {
        String fragment = Optional.ofNullable(error.getSchemaLocation().getFragment())
                .map(Object::toString).orElse("");
        if (fragment.startsWith("#")) {
            fragment = fragment.substring(1);
        }
        List<String> parts = new ArrayList<>(Arrays.asList(fragment.split("/")));
        parts.removeIf(String::isEmpty);
        for (int i = 0; i < up && !parts.isEmpty(); i++) {
            parts.removeLast();
        }
        JsonNode node = document;
        for (String part : parts) {
            node = node.get(part.replace("~1", "/").replace("~0", "~"));
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static DocPath toDocPath(NodePath location) {
        List<Object> segments = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            segments.add(location.getElement(i));
        }
        return new DocPath(segments);
    }

    private static String describeValue(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing (null)";
        }
        if (node.isString()) {
            return "\"" + node.asString() + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.toString();
    }

    private static String stripLocation(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }
}
