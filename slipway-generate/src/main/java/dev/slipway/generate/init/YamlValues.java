package dev.slipway.generate.init;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads loosely typed values out of parsed YAML (maps, lists, scalars) without trusting their shape. */
final class YamlValues {

    private YamlValues() {
    }

    static Map<String, Object> map(Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k != null) {
                    map.put(String.valueOf(k), v);
                }
            });
        }
        return map;
    }

    static Object at(Object value, String... keys) {
        Object current = value;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    /** Scalars as text (numbers and booleans too); empty for null, maps and lists. */
    static Optional<String> text(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(String.valueOf(value));
        }
        return Optional.empty();
    }

    static Optional<Integer> integer(Object value) {
        if (value instanceof Integer i) {
            return Optional.of(i);
        }
        if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return Optional.of(l.intValue());
        }
        if (value instanceof String s && s.matches("\\d{1,9}")) {
            return Optional.of(Integer.parseInt(s));
        }
        return Optional.empty();
    }

    static Optional<Integer> port(Object value) {
        return integer(value).filter(p -> p >= 1 && p <= 65535);
    }

    static Map<String, String> strings(Object value) {
        Map<String, String> strings = new LinkedHashMap<>();
        map(value).forEach((k, v) -> text(v).ifPresent(t -> strings.put(k, t)));
        return strings;
    }
}
