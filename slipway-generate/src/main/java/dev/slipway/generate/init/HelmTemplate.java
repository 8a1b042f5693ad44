package dev.slipway.generate.init;

import static dev.slipway.generate.init.YamlValues.map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The subset of Go templates (with Helm's common Sprig functions) that charts use to write their objects:
 * actions with pipelines, {@code if}/{@code else if}/{@code else}, {@code with}, {@code range} (lists and maps,
 * with {@code $k, $v :=}), {@code define}/{@code include}/{@code template}, variables, whitespace trimming, and
 * the functions below. An action it cannot evaluate renders as nothing, so one exotic helper does not lose the
 * rest of a template.
 */
final class HelmTemplate {

    private final Map<String, List<Node>> defines = new HashMap<>();
    private final Map<String, Object> variables = new HashMap<>();
    private int depth;

    /** Collects the {@code define}s of a helpers file. */
    void define(String text) {
        parse(text);
    }

    String render(String text, Map<String, Object> root) {
        variables.clear();
        variables.put("$", root);
        StringBuilder out = new StringBuilder();
        render(parse(text), root, out);
        return out.toString();
    }

    // ---- parsing -------------------------------------------------------------------------------------------

    private sealed interface Node permits Text, Action, Block {
    }

    private record Text(String text) implements Node {
    }

    private record Action(String expression) implements Node {
    }

    /** {@code keyword} is if, with or range; {@code branches} pairs a condition (null for else) with its body. */
    private record Block(String keyword, List<String> conditions, List<List<Node>> bodies) implements Node {
    }

    private List<Node> parse(String text) {
        List<String> tokens = tokens(text);
        int[] position = {0};
        return nodes(tokens, position, new ArrayList<>());
    }

    /** Text and actions alternate: even indexes are text, odd ones the inside of {@code {{ }}}, trimming applied. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int i = 0;
        boolean trimNext = false;
        while (true) {
            int open = text.indexOf("{{", i);
            String chunk = open < 0 ? text.substring(i) : text.substring(i, open);
            if (trimNext) {
                chunk = chunk.stripLeading();
            }
            if (open < 0) {
                tokens.add(pending.append(chunk).toString());
                return tokens;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                tokens.add(pending.append(chunk).append(text.substring(open)).toString());
                return tokens;
            }
            String inside = text.substring(open + 2, close);
            if (inside.startsWith("-") && (inside.length() == 1 || Character.isWhitespace(inside.charAt(1)))) {
                chunk = chunk.stripTrailing();
                inside = inside.substring(1);
            }
            trimNext = inside.endsWith("-") && (inside.length() == 1 || Character.isWhitespace(inside.charAt(inside.length() - 2)));
            if (trimNext) {
                inside = inside.substring(0, inside.length() - 1);
            }
            tokens.add(pending.append(chunk).toString());
            pending.setLength(0);
            tokens.add(inside.strip());
            i = close + 2;
        }
    }

    /** Nodes until an {@code end}/{@code else} that belongs to an enclosing block (left in {@code stop}). */
    private List<Node> nodes(List<String> tokens, int[] position, List<String> stop) {
        List<Node> nodes = new ArrayList<>();
        while (position[0] < tokens.size()) {
            int index = position[0]++;
            String token = tokens.get(index);
            if (index % 2 == 0) {
                if (!token.isEmpty()) {
                    nodes.add(new Text(token));
                }
                continue;
            }
            if (token.startsWith("/*")) {
                continue;
            }
            String keyword = token.split("\\s+", 2)[0];
            String rest = token.substring(keyword.length()).strip();
            switch (keyword) {
                case "end", "else" -> {
                    stop.add(token);
                    return nodes;
                }
                case "if", "with", "range" -> nodes.add(block(keyword, rest, tokens, position));
                case "define" -> {
                    List<String> end = new ArrayList<>();
                    defines.put(unquote(rest), nodes(tokens, position, end));
                }
                case "block" -> {
                    List<String> end = new ArrayList<>();
                    nodes.addAll(nodes(tokens, position, end));
                }
                default -> nodes.add(new Action(token));
            }
        }
        return nodes;
    }

    private Block block(String keyword, String condition, List<String> tokens, int[] position) {
        List<String> conditions = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        String current = condition;
        while (true) {
            List<String> stop = new ArrayList<>();
            List<Node> body = nodes(tokens, position, stop);
            conditions.add(current);
            bodies.add(body);
            if (stop.isEmpty() || stop.getFirst().equals("end")) {
                return new Block(keyword, conditions, bodies);
            }
            String elseToken = stop.getFirst();
            current = elseToken.startsWith("else if") ? elseToken.substring("else if".length()).strip()
                    : elseToken.startsWith("else with") ? elseToken.substring("else with".length()).strip() : null;
        }
    }

    // ---- rendering -----------------------------------------------------------------------------------------

    private void render(List<Node> nodes, Object dot, StringBuilder out) {
        if (++depth > 50) {
            depth--;
            return; // a define that includes itself
        }
        for (Node node : nodes) {
            switch (node) {
                case Text text -> out.append(text.text());
                case Action action -> {
                    try {
                        Object value = pipeline(action.expression(), dot);
                        if (!action.expression().matches("^\\$\\w+\\s*:?=.*")) {
                            out.append(print(value));
                        }
                    } catch (RuntimeException unsupported) {
                        // an action this engine cannot evaluate renders as nothing
                    }
                }
                case Block block -> renderBlock(block, dot, out);
            }
        }
        depth--;
    }

    private void renderBlock(Block block, Object dot, StringBuilder out) {
        for (int i = 0; i < block.conditions().size(); i++) {
            String condition = block.conditions().get(i);
            if (condition == null) {
                render(block.bodies().get(i), dot, out);
                return;
            }
            Object value;
            try {
                value = pipeline(condition.replaceFirst("^\\$\\w+\\s*,\\s*\\$\\w+\\s*:=|^\\$\\w+\\s*:=", "").strip(), dot);
            } catch (RuntimeException unsupported) {
                value = null;
            }
            if (!truthy(value)) {
                continue;
            }
            switch (block.keyword()) {
                case "if" -> render(block.bodies().get(i), dot, out);
                case "with" -> render(block.bodies().get(i), value, out);
                default -> range(condition, value, block.bodies().get(i), out);
            }
            return;
        }
    }

    private void range(String condition, Object value, List<Node> body, StringBuilder out) {
        String[] names = condition.contains(":=")
                ? condition.substring(0, condition.indexOf(":=")).split(",") : new String[0];
        if (value instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                bind(names, i, items.get(i));
                render(body, items.get(i), out);
            }
        } else if (value instanceof Map<?, ?> entries) {
            for (var entry : new java.util.TreeMap<>(map(entries)).entrySet()) {
                bind(names, entry.getKey(), entry.getValue());
                render(body, entry.getValue(), out);
            }
        }
    }

    private void bind(String[] names, Object key, Object value) {
        if (names.length == 1) {
            variables.put(names[0].strip(), value);
        } else if (names.length == 2) {
            variables.put(names[0].strip(), key);
            variables.put(names[1].strip(), value);
        }
    }

    // ---- expressions ---------------------------------------------------------------------------------------

    private Object pipeline(String expression, Object dot) {
        String assigned = null;
        java.util.regex.Matcher assignment = java.util.regex.Pattern.compile("^(\\$\\w+)\\s*:?=\\s*(.*)$", java.util.regex.Pattern.DOTALL)
                .matcher(expression);
        if (assignment.matches()) {
            assigned = assignment.group(1);
            expression = assignment.group(2);
        }
        Object value = null;
        boolean first = true;
        for (String command : split(expression, '|')) {
            List<String> words = split(command.strip(), ' ');
            value = command(words, dot, first ? null : new Object[] {value});
            first = false;
        }
        if (assigned != null) {
            variables.put(assigned, value);
        }
        return value;
    }

    private Object command(List<String> words, Object dot, Object[] piped) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        String head = words.getFirst();
        if (!head.matches("[A-Za-z]\\w*") || head.equals("true") || head.equals("false") || head.equals("nil")) {
            if (words.size() == 1 && piped == null) {
                return operand(head, dot);
            }
            throw new IllegalArgumentException("not a function: " + head);
        }
        List<Object> args = new ArrayList<>();
        for (String word : words.subList(1, words.size())) {
            args.add(operand(word, dot));
        }
        if (piped != null) {
            args.add(piped[0]);
        }
        return HelmFunctions.call(head, args, this::include, this::tpl);
    }

    private Object operand(String word, Object dot) {
        if (word.startsWith("(") && word.endsWith(")")) {
            return pipeline(word.substring(1, word.length() - 1), dot);
        }
        if (word.startsWith("\"") || word.startsWith("`")) {
            return unquote(word);
        }
        if (word.matches("-?\\d+")) {
            return Long.parseLong(word);
        }
        if (word.matches("-?\\d+\\.\\d+")) {
            return Double.parseDouble(word);
        }
        switch (word) {
            case "true" -> { return Boolean.TRUE; }
            case "false" -> { return Boolean.FALSE; }
            case "nil" -> { return null; }
            case "." -> { return dot; }
            default -> { }
        }
        if (word.startsWith("$")) {
            int dotIndex = word.indexOf('.');
            String name = dotIndex < 0 ? word : word.substring(0, dotIndex);
            if (!variables.containsKey(name)) {
                throw new IllegalArgumentException("unknown variable " + name);
            }
            return dotIndex < 0 ? variables.get(name) : path(variables.get(name), word.substring(dotIndex));
        }
        if (word.startsWith(".")) {
            return path(dot, word);
        }
        return HelmFunctions.call(word, new ArrayList<>(), this::include, this::tpl);
    }

    private static Object path(Object from, String path) {
        Object current = from;
        for (String key : path.substring(1).split("\\.")) {
            if (key.isEmpty()) {
                continue;
            }
            current = map(current).get(key);
        }
        return current;
    }

    private String include(String name, Object dot) {
        List<Node> body = defines.get(name);
        if (body == null) {
            throw new IllegalArgumentException("no template " + name);
        }
        StringBuilder out = new StringBuilder();
        render(body, dot, out);
        return out.toString();
    }

    private String tpl(String text, Object dot) {
        StringBuilder out = new StringBuilder();
        render(parse(text), dot, out);
        return out.toString();
    }

    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0;
            case String s -> !s.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case List<?> l -> !l.isEmpty();
            default -> true;
        };
    }

    static String print(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return toYaml(value);
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    static String toYaml(Object value) {
        if (value == null) {
            return "null";
        }
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return new Dump(settings).dumpToString(value).stripTrailing();
    }

    private static String unquote(String word) {
        String w = word.strip();
        if (w.length() >= 2 && (w.startsWith("\"") && w.endsWith("\"") || w.startsWith("`") && w.endsWith("`"))) {
            return w.substring(1, w.length() - 1).replace("\\\"", "\"").replace("\\n", "\n");
        }
        return w;
    }

    /** Splits on {@code separator} outside quotes and parentheses; spaces collapse. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int parens = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                part.append(c);
                if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    part.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
                part.append(c);
            } else if (c == '(') {
                parens++;
                part.append(c);
            } else if (c == ')') {
                parens--;
                part.append(c);
            } else if (parens == 0 && (c == separator || (separator == ' ' && Character.isWhitespace(c)))) {
                if (!part.isEmpty()) {
                    parts.add(part.toString());
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    static String lower(Object value) {
        return print(value).toLowerCase(Locale.ROOT);
    }
}
