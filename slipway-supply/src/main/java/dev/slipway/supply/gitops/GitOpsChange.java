package dev.slipway.supply.gitops;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one commit changes in an environment's overlay, and why: the images a release pins (or, rolling back,
 * the images that ran before it). Its message names the release and every service, version and digest, so the
 * Git history reads as the environment's deployment history.
 */
public record GitOpsChange(String environment, String release, Kind kind, List<ImagePin> pins) {

    public enum Kind { RELEASE, ROLLBACK }

    public GitOpsChange {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(kind, "kind");
        pins = List.copyOf(pins);
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("a change pins at least one image");
        }
    }

    public static GitOpsChange release(String environment, String release, List<ImagePin> pins) {
        return new GitOpsChange(environment, release, Kind.RELEASE, pins);
    }

    public static GitOpsChange rollback(String environment, String release, List<ImagePin> pins) {
        return new GitOpsChange(environment, release, Kind.ROLLBACK, pins);
    }

    String message() {
        String services = pins.stream().map(p -> p.service() + " " + p.version()).collect(Collectors.joining(", "));
        String subject = switch (kind) {
            case RELEASE -> "Release " + release + " to " + environment + ": " + services;
            case ROLLBACK -> "Roll back " + release + " on " + environment + ": " + services;
        };
        String body = switch (kind) {
            case RELEASE -> "Slipway release " + release + " pins these images in " + environment + ":";
            case ROLLBACK -> "Slipway rolls back release " + release + ": " + environment + " returns to these images:";
        };
        return subject + "\n\n" + body + "\n"
                + pins.stream().map(p -> "- " + p.line()).collect(Collectors.joining("\n")) + "\n\n"
                + "Slipway-Release: " + release + "\nSlipway-Environment: " + environment + "\n";
    }
}
