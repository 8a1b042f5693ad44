package dev.slipway.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A path to a node in the spec document, shown as {@code services.frontend.dependsOn.backend} or
 * {@code environments[1].promoteFrom}. Segments are keys (String) or list indexes (Integer).
 */
public record DocPath(List<Object> segments) {

    public static final DocPath ROOT = new DocPath(List.of());

    public DocPath {
        segments = List.copyOf(segments);
    }

    public static DocPath of(Object... segments) {
        return new DocPath(List.of(segments));
    }

    public DocPath child(String key) {
        return append(key);
    }

    public DocPath child(int index) {
        return append(index);
    }

    public DocPath parent() {
        return segments.isEmpty() ? this : new DocPath(segments.subList(0, segments.size() - 1));
    }

    private DocPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new DocPath(longer);
    }

    @Override
    public String toString() {
        if (segments.isEmpty()) {
            return "(document)";
        }
        StringBuilder text = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else if (plain(String.valueOf(segment))) {
                text.append(text.isEmpty() ? "" : ".").append(segment);
            } else {
                text.append("[\"").append(segment).append("\"]");
            }
        }
        return text.toString();
    }

    /**
     * A key shown without quotes: {@code [A-Za-z0-9_-]+}. A loop, not {@code String.matches}: that compiles the
     * pattern on every call, and a spec with many unknown keys renders a path per problem (issue 15, item 2).
     */
    private static boolean plain(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
