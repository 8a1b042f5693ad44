package dev.slipway.generate.init;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Docker Compose's variable interpolation, with compose's own semantics: {@code $$} is a literal {@code $};
 * {@code ${VAR}} and bare {@code $VAR} are the value (empty when unset); {@code ${VAR:-d}} is {@code d} when VAR
 * is unset or empty, {@code ${VAR-d}} only when unset; {@code ${VAR:?msg}} / {@code ${VAR?msg}} are errors when
 * VAR is unset or empty / unset; {@code ${VAR:+alt}} / {@code ${VAR+alt}} are {@code alt} when VAR is set and
 * non-empty / set. Defaults may nest ({@code ${A:-${B}}}). A {@code $} that starts nothing of the above stays.
 */
final class ComposeInterpolation {

    private ComposeInterpolation() {
    }

    /**
     * {@code text} with every variable replaced from {@code variables}. Each variable that is unset where compose
     * would substitute it (or a required one that is missing) is reported to {@code problems}, by message.
     */
    static String interpolate(String text, Map<String, String> variables, Consumer<String> problems) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    out.append(text, i, text.length()); // unbalanced: compose rejects it; keep the text as written
                    return out.toString();
                }
                out.append(braced(text.substring(i + 2, end), variables, problems));
                i = end + 1;
            } else if (isNameStart(next)) {
                int end = i + 1;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                out.append(value(name, variables, problems));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String braced(String expression, Map<String, String> variables, Consumer<String> problems) {
        int end = 0;
        while (end < expression.length() && isNamePart(expression.charAt(end))) {
            end++;
        }
        String name = expression.substring(0, end);
        String rest = expression.substring(end);
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            return "${" + expression + "}";
        }
        String value = variables.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        if (rest.isEmpty()) {
            return value(name, variables, problems);
        }
        String operator = rest.startsWith(":") && rest.length() > 1 ? rest.substring(0, 2) : rest.substring(0, 1);
        String argument = rest.substring(operator.length());
        return switch (operator) {
            case ":-" -> nonEmpty ? value : interpolate(argument, variables, problems);
            case "-" -> set ? value : interpolate(argument, variables, problems);
            case ":+" -> nonEmpty ? interpolate(argument, variables, problems) : "";
            case "+" -> set ? interpolate(argument, variables, problems) : "";
            case ":?", "?" -> {
                if (operator.equals(":?") ? nonEmpty : set) {
                    yield value;
                }
                String message = interpolate(argument, variables, problems);
                problems.accept("variable " + name + " is required" + (message.isEmpty() ? "" : " (" + message + ")")
                        + " but not set");
                yield "";
            }
            default -> "${" + expression + "}";
        };
    }

    private static String value(String name, Map<String, String> variables, Consumer<String> problems) {
        String value = variables.get(name);
        if (value == null) {
            problems.accept("variable " + name + " is not set");
            return "";
        }
        return value;
    }

    /** The index of the brace that closes the one opened before {@code from}, counting nested {@code ${}. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
