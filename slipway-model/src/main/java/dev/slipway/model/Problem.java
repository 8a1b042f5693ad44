package dev.slipway.model;

import java.util.Comparator;
import java.util.Optional;

/**
 * A mistake a user made in a spec (or a warning about one), with where it is and how to fix it. Printed as
 * {@code slipway.yaml:14:7: services.frontend.dependsOn.backend: message (hint: ...)}.
 */
public record Problem(Severity severity, String file, int line, int column, DocPath path, String message,
                      Optional<String> hint) {

    public enum Severity { ERROR, WARNING }

    public static final Comparator<Problem> BY_POSITION = Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line).thenComparingInt(Problem::column).thenComparing(Problem::message);

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public String format() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        String kind = severity == Severity.WARNING ? "warning: " : "";
        return where + ": " + path + ": " + kind + message + hint.map(h -> " (hint: " + h + ")").orElse("");
    }

    @Override
    public String toString() {
        return format();
    }
}
