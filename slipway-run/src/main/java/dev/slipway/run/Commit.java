package dev.slipway.run;

import dev.slipway.model.UserError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The commit a release ships, each part optional (a pipeline may know one without the other): kept with the release
 * and written to the deployment history, where the commit time starts the DORA lead time for changes.
 */
public record Commit(Optional<String> sha, Optional<Instant> time) {

    public static final Commit NONE = new Commit(Optional.empty(), Optional.empty());

    /**
     * Parses what a user gave; a malformed value is a {@link UserError} naming it as the user wrote it.
     *
     * @param shaName  how the user gave the SHA ({@code --commit}, {@code commit.sha})
     * @param timeName how the user gave the time
     */
    public static Commit parse(String sha, String time, String shaName, String timeName) {
        Optional<String> commit = Optional.ofNullable(sha).map(s -> s.strip().toLowerCase(Locale.ROOT));
        if (commit.isPresent() && !commit.get().matches("[0-9a-f]{7,64}")) {
            throw new UserError(shaName + " '" + sha + "' is not a commit SHA",
                    "give 7 to 64 hexadecimal digits, e.g. $(git rev-parse HEAD)");
        }
        Optional<Instant> committed = Optional.empty();
        if (time != null) {
            try {
                committed = Optional.of(OffsetDateTime.parse(time.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e) {
                throw new UserError(timeName + " '" + time + "' is not an ISO-8601 time with an offset",
                        "e.g. 2025-03-01T12:00:00Z or 2025-03-01T12:00:00+01:00 (git show -s --format=%cI)");
            }
        }
        return new Commit(commit, committed);
    }
}
