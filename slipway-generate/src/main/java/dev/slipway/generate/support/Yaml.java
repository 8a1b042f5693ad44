package dev.slipway.generate.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes generated YAML the way people write it by hand: block style, two-space indent, lists indented under
 * their key, multi-line strings as literal blocks, no line folding. Key order is the maps' order, so use
 * {@link java.util.LinkedHashMap} (or {@link #map}) for byte-identical output.
 *
 * <p>A small emitter for the subset generators build (maps, lists, strings, numbers, booleans, null) rather
 * than a general YAML library: emitting was most of the time of {@code slipway generate}, and a general dumper
 * resolves every string through regular expressions and tracks every node for anchors we never want. Strings
 * are quoted whenever a YAML 1.1 reader (go-yaml v2 behind kubectl, PyYAML) or a YAML 1.2 reader could read
 * them as anything but a string: {@code on}, {@code yes}, {@code ~}, {@code 0o17}, {@code 1_000}, dates,
 * numbers. {@code YamlTest} checks that what is written loads back equal.
 */
public final class Yaml {

    /** Plain words that some YAML version reads as a boolean, null, infinity, not-a-number, or a merge key. */
    private static final Set<String> RESERVED_WORDS = Set.of(
            "~", "null", "Null", "NULL",
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
            "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
            ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
            "<<", "=");

    /**
     * Characters of numbers in any notation a reader may accept (decimal, hex, octal, binary, exponents, digit
     * separators, sexagesimal) and of YAML 1.1 timestamps. A string that starts like a number and holds only
     * these is quoted; {@code 30s} or {@code 1.2.3-alpha} stay plain.
     */
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+.]?[0-9.][0-9a-fA-F_xXoObBpP.+\\-:tTzZ ]*");

    private Yaml() {
    }

    /** One document. */
    public static String write(Object document) {
        StringBuilder out = new StringBuilder(1024);
        switch (document) {
            case Map<?, ?> map when !map.isEmpty() -> writeMap(out, map, 0, false);
            case List<?> list when !list.isEmpty() -> writeList(out, list, 0, false);
            default -> {
                writeScalarOrEmpty(out, document, 0);
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Several documents separated by {@code ---}, as in a multi-document manifest file. */
    public static String writeAll(List<?> documents) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                out.append("---\n");
            }
            out.append(write(documents.get(i)));
        }
        return out.toString();
    }

    /** An insertion-ordered map from alternating keys and values; null values are left out. */
    public static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /**
     * A non-empty map whose keys start at column {@code indent}; with {@code inline}, the first key continues
     * the current line (after a list item's dash).
     */
    private static void writeMap(StringBuilder out, Map<?, ?> map, int indent, boolean inline) {
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(first && inline)) {
                indent(out, indent);
            }
            first = false;
            if (!(entry.getKey() instanceof String || entry.getKey() instanceof Number || entry.getKey() instanceof Boolean)) {
                throw new IllegalArgumentException("YAML keys must be strings, numbers or booleans: " + entry.getKey());
            }
            String key = String.valueOf(entry.getKey());
            if (entry.getKey() instanceof String && (key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0)) {
                writeDoubleQuoted(out, key);
            } else {
                writeScalarOrEmpty(out, entry.getKey(), indent);
            }
            out.append(':');
            writeValue(out, entry.getValue(), indent + 2);
        }
    }

    /** A non-empty list whose dashes are at column {@code indent}. */
    private static void writeList(StringBuilder out, List<?> list, int indent, boolean inline) {
        boolean first = true;
        for (Object item : list) {
            if (!(first && inline)) {
                indent(out, indent);
            }
            first = false;
            out.append('-');
            switch (item) {
                case Map<?, ?> map when !map.isEmpty() -> {
                    out.append(' ');
                    writeMap(out, map, indent + 2, true);
                }
                case List<?> nested when !nested.isEmpty() -> {
                    out.append(' ');
                    writeList(out, nested, indent + 2, true);
                }
                default -> {
                    out.append(' ');
                    writeScalarOrEmpty(out, item, indent + 2);
                    out.append('\n');
                }
            }
        }
    }

    /** After {@code key:}: a nested block on the next lines, or a scalar on this line. */
    private static void writeValue(StringBuilder out, Object value, int indent) {
        switch (value) {
            case Map<?, ?> map when !map.isEmpty() -> {
                out.append('\n');
                writeMap(out, map, indent, false);
            }
            case List<?> list when !list.isEmpty() -> {
                out.append('\n');
                writeList(out, list, indent, false);
            }
            default -> {
                out.append(' ');
                writeScalarOrEmpty(out, value, indent);
                out.append('\n');
            }
        }
    }

    /** A scalar, or an empty collection in flow style; a literal block's lines are indented to {@code indent}. */
    private static void writeScalarOrEmpty(StringBuilder out, Object value, int indent) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> out.append("{}");
            case List<?> list -> out.append("[]");
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Short s -> out.append(s);
            case Double d -> out.append(floating(d));
            case Float f -> out.append(floating(f));
            case String s -> writeString(out, s, indent);
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as YAML: " + value);
        }
    }

    private static String floating(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        return Double.toString(d);
    }

    private static void writeString(StringBuilder out, String s, int indent) {
        if (s.indexOf('\n') >= 0) {
            if (literalAllowed(s)) {
                writeLiteral(out, s, indent);
            } else {
                writeDoubleQuoted(out, s);
            }
        } else if (plainAllowed(s)) {
            out.append(s);
        } else if (printable(s)) {
            out.append('\'').append(s.replace("'", "''")).append('\'');
        } else {
            writeDoubleQuoted(out, s);
        }
    }

    /** Whether {@code s} can stand unquoted on one line and every reader takes it for this very string. */
    static boolean plainAllowed(String s) {
        if (s.isEmpty() || !printable(s) || s.indexOf('\t') >= 0) {
            return false;
        }
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if (first == ' ' || last == ' ' || last == ':' || "#,[]{}&*!|>'\"%@`".indexOf(first) >= 0
                || ("-?:".indexOf(first) >= 0 && (s.length() == 1 || s.charAt(1) == ' '))
                || s.startsWith("---") || s.startsWith("...")
                || s.contains(": ") || s.contains(" #") || s.indexOf('\uFEFF') >= 0) {
            return false;
        }
        if (RESERVED_WORDS.contains(s)) {
            return false;
        }
        return !(startsLikeNumber(first, s) && NUMBER_LIKE.matcher(s).matches());
    }

    private static boolean startsLikeNumber(char first, String s) {
        return (first >= '0' && first <= '9') || first == '.' || first == '-' || first == '+';
    }

    /** A literal block keeps the text as it is; not when a line ends in blanks (editors strip them) or text needs escapes. */
    private static boolean literalAllowed(String s) {
        if (!printable(s) || s.indexOf('\r') >= 0 || s.indexOf('\uFEFF') >= 0 || s.startsWith("\n")) {
            return false;
        }
        for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
            if (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
                return false;
            }
        }
        char last = s.charAt(s.length() - 1);
        return last != ' ' && last != '\t';
    }

    private static void writeLiteral(StringBuilder out, String s, int indent) {
        out.append('|');
        if (s.charAt(0) == ' ' || s.charAt(0) == '\t') {
            out.append('2');   // the first line's own indentation is content: tell the reader the block's indent
        }
        if (!s.endsWith("\n")) {
            out.append('-');
        } else if (s.endsWith("\n\n")) {
            out.append('+');
        }
        int start = 0;
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        while (start <= body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            out.append('\n');
            if (end > start) {
                indent(out, indent);
                out.append(body, start, end);
            }
            start = end + 1;
        }
    }

    private static void writeDoubleQuoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (printableChar(c) && c != '\uFEFF') {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        out.append('"');
    }

    /** YAML's printable set, without line breaks other than {@code \n} (tab allowed). Surrogate pairs are printable. */
    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!printableChar(c) && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean printableChar(char c) {
        return (c >= 0x20 && c <= 0x7E) || c == '\t' || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029)
                || (c >= 0xE000 && c <= 0xFFFD) || Character.isSurrogate(c);
    }

    private static void indent(StringBuilder out, int columns) {
        out.repeat(' ', columns);
    }
}
