package dev.slipway.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code deploy --commit SHA --commit-time TIME}: the commit a CI pipeline releases, kept with the release and written
 * to the deployment history, where the commit time is the start of the DORA lead time for changes.
 */
final class CommitOptions {

    @Option(names = "--commit", paramLabel = "SHA",
            description = "The commit SHA the release ships (7 to 64 hex digits, e.g. $GITHUB_SHA); recorded in the "
                    + "deployment history.")
    String sha;

    @Option(names = "--commit-time", paramLabel = "TIME",
            description = "The commit's time, ISO-8601 with an offset (e.g. `git show -s --format=%cI`: "
                    + "2025-03-01T12:00:00+01:00); the start of the lead time for changes in `slipway dora`.")
    String time;

    /** The commit as the release record keeps it; a malformed value is a user error (exit 1, not 2: rolled back). */
    Commit parse() {
        Optional<String> commit = Optional.ofNullable(sha).map(s -> s.strip().toLowerCase(Locale.ROOT));
        if (commit.isPresent() && !commit.get().matches("[0-9a-f]{7,64}")) {
            throw new UserError("--commit '" + sha + "' is not a commit SHA",
                    "give 7 to 64 hexadecimal digits, e.g. --commit $(git rev-parse HEAD)");
        }
        Optional<Instant> committed = Optional.empty();
        if (time != null) {
            try {
                committed = Optional.of(OffsetDateTime.parse(time.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e) {
                throw new UserError("--commit-time '" + time + "' is not an ISO-8601 time with an offset",
                        "e.g. 2025-03-01T12:00:00Z or 2025-03-01T12:00:00+01:00 (git show -s --format=%cI)");
            }
        }
        return new Commit(commit, committed);
    }

    /** A commit SHA and time, each optional: a pipeline may know one without the other. */
    record Commit(Optional<String> sha, Optional<Instant> time) {
        static final Commit NONE = new Commit(Optional.empty(), Optional.empty());
    }
}
