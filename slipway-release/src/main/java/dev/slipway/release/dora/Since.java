package dev.slipway.release.dora;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length of a report's window as a person types it after {@code --since}: a whole number and a unit,
 * {@code h} (hours), {@code d} (days) or {@code w} (weeks), like {@code 12h}, {@code 30d}, {@code 4w}.
 * <p>
 * There is no month unit: {@code m} would read as minutes to some and months to others, and months differ in length;
 * a wrong text is refused with a message that says what is accepted, for the CLI to show as a usage error.
 */
public final class Since {

    private static final Pattern LENGTH = Pattern.compile("(\\d{1,6})([hdw])");

    private Since() {
    }

    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        Matcher m = LENGTH.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + trimmed + "\" is not a length of time; write a whole number and"
                    + " h, d or w, like 12h, 30d or 4w" + (trimmed.endsWith("m") ? " (for months, use 30d or 4w)" : ""));
        }
        long amount = Long.parseLong(m.group(1));
        if (amount == 0) {
            throw new IllegalArgumentException("\"" + trimmed + "\" is an empty window; give a length above zero");
        }
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }
}
