package dev.slipway.release.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalTest {

    @TempDir
    Path dir;

    private static Transition t(String release, long sequence, String to) {
        return new Transition(release, sequence, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence),
                "catalog", "pending", to, sequence == 1 ? 0 : -1, 10, "canary", "stable", "why \"quoted\"", false);
    }

    @Test
    void transitionsSurviveANewJournalOnTheSameDirectory() {
        FileJournal journal = new FileJournal(dir);
        journal.append(t("r-production-1", 0, "deploying"));
        journal.append(t("r-production-1", 1, "analysing"));
        journal.append(t("r-production-2", 0, "deploying"));

        FileJournal later = new FileJournal(dir);
        assertThat(later.read("r-production-1")).containsExactly(t("r-production-1", 0, "deploying"),
                t("r-production-1", 1, "analysing"));
        assertThat(later.read("unknown")).isEmpty();
        later.append(t("r-production-1", 2, "promoting"));
        assertThat(new FileJournal(dir).read("r-production-1")).hasSize(3);
    }

    @Test
    void refusesAGapInTheSequence() {
        FileJournal journal = new FileJournal(dir);
        journal.append(t("r1", 0, "deploying"));
        assertThatThrownBy(() -> journal.append(t("r1", 2, "analysing"))).hasMessageContaining("2 appended where 1");
    }

    @Test
    void aLineCutShortByACrashIsIgnored() throws IOException {
        FileJournal journal = new FileJournal(dir);
        journal.append(t("r1", 0, "deploying"));
        Files.writeString(journal.file("r1"), "{\"release\":\"r1\",\"seq", StandardOpenOption.APPEND);
        FileJournal resumed = new FileJournal(dir);
        assertThat(resumed.read("r1")).containsExactly(t("r1", 0, "deploying"));
        resumed.append(t("r1", 1, "analysing"));
        assertThat(new FileJournal(dir).read("r1")).containsExactly(t("r1", 0, "deploying"), t("r1", 1, "analysing"));
    }
}
