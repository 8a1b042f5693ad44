package dev.slipway.store;

import java.util.Optional;

/**
 * What text the store accepts from a person: no control character, no UTF-16 surrogate (a lone one cannot be
 * written as UTF-8, and once made a saved sandbox unwritable) and no bidirectional-text control (which can make a
 * listing, a log line or an audit row read differently from what it holds). The API and the CLI both refuse such
 * text before it reaches a table.
 */
public final class SafeText {

    /** The longest token name: enough for "ci-deployer for the payments team", short enough to list. */
    public static final int NAME_AT_MOST = 100;

    private SafeText() {
    }

    /** The first unsafe character of {@code text}, described with its code point and position; empty if none. */
    public static Optional<String> hostile(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character outside the BMP (an emoji), which UTF-8 writes fine
                continue;
            }
            String what = Character.isISOControl(c) ? "a control character"
                    : Character.isSurrogate(c) ? "a lone UTF-16 surrogate"
                    : bidiControl(c) ? "a bidirectional-text control"
                    : c == '\uFEFF' || c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF' ? "a non-character" : null;
            if (what != null) {
                return Optional.of(what + String.format(" (U+%04X) at position %d", (int) c, i + 1));
            }
        }
        return Optional.empty();
    }

    /** {@code text} with every unsafe character written as {@code \\uXXXX} and cut after {@code atMost} characters. */
    public static String printable(String text, int atMost) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < atMost; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (hostile(String.valueOf(c)).isPresent()) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > atMost ? out + "…" : out.toString();
    }

    /** @throws IllegalArgumentException naming {@code field} when the text is empty, too long or unsafe */
    public static String require(String field, String text, int atMost) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (text.length() > atMost) {
            throw new IllegalArgumentException(field + " is " + text.length() + " characters long; at most " + atMost);
        }
        hostile(text).ifPresent(what -> {
            throw new IllegalArgumentException(field + " contains " + what + "; only printable characters are "
                    + "accepted");
        });
        return text;
    }

    private static boolean bidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
