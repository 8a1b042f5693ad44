package dev.slipway.generate.init;

import static dev.slipway.generate.init.HelmTemplate.print;
import static dev.slipway.generate.init.HelmTemplate.truthy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/** The Go template built-ins and Sprig functions charts use around object names, images, ports and env. */
final class HelmFunctions {

    private HelmFunctions() {
    }

    static Object call(String name, List<Object> args, BiFunction<String, Object, String> include,
                       BiFunction<String, Object, String> tpl) {
        return switch (name) {
            case "default" -> args.size() < 2 || !truthy(args.get(1)) ? args.getFirst() : args.get(1);
            case "quote" -> args.stream().map(a -> "\"" + print(a).replace("\"", "\\\"") + "\"").reduce((a, b) -> a + " " + b).orElse("");
            case "squote" -> "'" + print(last(args)) + "'";
            case "printf" -> printf(print(args.getFirst()), args.subList(1, args.size()));
            case "print" -> String.join("", args.stream().map(HelmTemplate::print).toList());
            case "upper" -> print(last(args)).toUpperCase(Locale.ROOT);
            case "lower" -> print(last(args)).toLowerCase(Locale.ROOT);
            case "trim" -> print(last(args)).strip();
            case "trunc" -> truncate(print(args.get(1)), ((Number) args.getFirst()).intValue());
            case "trimSuffix" -> print(args.get(1)).endsWith(print(args.getFirst()))
                    ? print(args.get(1)).substring(0, print(args.get(1)).length() - print(args.getFirst()).length())
                    : print(args.get(1));
            case "trimPrefix" -> print(args.get(1)).startsWith(print(args.getFirst()))
                    ? print(args.get(1)).substring(print(args.getFirst()).length()) : print(args.get(1));
            case "replace" -> print(args.get(2)).replace(print(args.get(0)), print(args.get(1)));
            case "contains" -> print(args.get(1)).contains(print(args.getFirst()));
            case "hasPrefix" -> print(args.get(1)).startsWith(print(args.getFirst()));
            case "hasSuffix" -> print(args.get(1)).endsWith(print(args.getFirst()));
            case "nindent" -> "\n" + indent(print(args.get(1)), ((Number) args.getFirst()).intValue());
            case "indent" -> indent(print(args.get(1)), ((Number) args.getFirst()).intValue());
            case "toYaml" -> HelmTemplate.toYaml(last(args));
            case "toString" -> print(last(args));
            case "int", "int64" -> toLong(last(args));
            case "required" -> Objects.requireNonNull(last(args), print(args.getFirst()));
            case "include", "template" -> include.apply(print(args.getFirst()), args.size() > 1 ? args.get(1) : null);
            case "tpl" -> tpl.apply(print(args.getFirst()), args.size() > 1 ? args.get(1) : null);
            case "eq" -> args.subList(1, args.size()).stream().anyMatch(a -> print(a).equals(print(args.getFirst())));
            case "ne" -> !print(args.getFirst()).equals(print(args.get(1)));
            case "and" -> args.stream().filter(a -> !truthy(a)).findFirst().orElse(last(args));
            case "or" -> args.stream().filter(HelmTemplate::truthy).findFirst().orElse(last(args));
            case "not" -> !truthy(last(args));
            case "empty" -> !truthy(last(args));
            case "coalesce" -> args.stream().filter(HelmTemplate::truthy).findFirst().orElse(null);
            case "ternary" -> truthy(args.get(2)) ? args.getFirst() : args.get(1);
            case "hasKey" -> YamlValues.map(args.getFirst()).containsKey(print(args.get(1)));
            case "list" -> new ArrayList<>(args);
            case "dict" -> dict(args);
            case "b64enc", "sha256sum", "toJson", "semverCompare", "lookup", "randAlphaNum", "genCA", "now" ->
                    throw new IllegalArgumentException(name + " is not evaluated");
            default -> throw new IllegalArgumentException("unknown function " + name);
        };
    }

    private static Object last(List<Object> args) {
        return args.isEmpty() ? null : args.getLast();
    }

    private static Map<String, Object> dict(List<Object> args) {
        Map<String, Object> dict = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            dict.put(print(args.get(i)), args.get(i + 1));
        }
        return dict;
    }

    private static long toLong(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(print(value).strip());
    }

    private static String truncate(String text, int length) {
        return length >= 0 && text.length() > length ? text.substring(0, length) : text;
    }

    private static String indent(String text, int spaces) {
        String pad = " ".repeat(Math.max(0, spaces));
        return String.join("\n", text.lines().map(l -> pad + l).toList());
    }

    /** Go's verbs as charts use them: %s, %d, %v, %q; others print their argument. */
    private static String printf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' && i + 1 < format.length()) {
                char verb = format.charAt(++i);
                if (verb == '%') {
                    out.append('%');
                } else if (next < args.size()) {
                    Object arg = args.get(next++);
                    out.append(verb == 'q' ? "\"" + print(arg) + "\"" : print(arg));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
