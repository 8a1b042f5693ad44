package dev.slipway.cli;

import dev.slipway.run.Commit;

import dev.slipway.model.UserError;
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
                    + "2025-03-01T12:00:00+01:00); the start of the lead time for changes in `slipway dora` (default: "
                    + "the commit's time in the Git repository that holds the spec, read with JGit).")
    String time;

    /** The commit as the release record keeps it; a malformed value is a user error (exit 1, not 2: rolled back). */
    Commit parse() {
        return Commit.parse(sha, time, "--commit", "--commit-time");
    }
}
