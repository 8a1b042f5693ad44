package dev.slipway.release.execute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A journal in a directory: one JSON-lines file per release ({@code <release>.jsonl}), one transition per line,
 * appended (and forced to disk) before the engine acts on it. Lets a later process resume or inspect a release the
 * CLI started; the control plane brings a database journal later.
 * <p>
 * One writer per release at a time (the CLI holds a lock per environment); a line cut short by a crash is ignored
 * on reading, since its actions were never performed.
 */
public final class FileJournal implements Journal {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;
    /** The next sequence number per release this journal has seen, so an append need not read the file. */
    private final java.util.Map<String, Long> next = new java.util.HashMap<>();

    public FileJournal(Path directory) {
        this.directory = directory;
    }

    public Path file(String release) {
        if (release.isEmpty() || !release.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a release id is letters, digits, '.', '_' and '-', got \"" + release + "\"");
        }
        return directory.resolve(release + ".jsonl");
    }

    @Override
    public void append(Transition transition) {
        Path file = file(transition.release());
        long expected = next.computeIfAbsent(transition.release(), r -> {
            dropTornLine(file);
            List<Transition> existing = read(r);
            return existing.isEmpty() ? 0L : existing.getLast().sequence() + 1;
        });
        if (transition.sequence() != expected) {
            throw new IllegalStateException("release " + transition.release() + ": transition "
                    + transition.sequence() + " appended where " + expected + " was expected");
        }
        String line = JSON.writeValueAsString(Line.of(transition)) + "\n";
        try {
            Files.createDirectories(directory);
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + file, e);
        }
        next.put(transition.release(), expected + 1);
    }

    /** Cuts a last line without its newline (a crash mid-write), so the next line starts on a line of its own. */
    private static void dropTornLine(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = size;
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                channel.truncate(keep);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair the journal " + file, e);
        }
    }

    @Override
    public List<Transition> read(String release) {
        Path file = file(release);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file, e);
        }
        List<Transition> transitions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            try {
                transitions.add(JSON.readValue(text, Line.class).transition());
            } catch (RuntimeException e) {
                if (i == lines.size() - 1) {
                    break; // the last line was being written when the process died: it was never acted on
                }
                throw new IllegalStateException(file + ":" + (i + 1) + ": not a journal line: " + e.getMessage(), e);
            }
        }
        return List.copyOf(transitions);
    }

    /** A transition as one JSON object; the instant as ISO-8601 text so the file needs no time module. */
    record Line(String release, long sequence, String at, String service, String from, String to, int step,
                int weight, String track, String baseline, String reason, boolean failure) {

        static Line of(Transition t) {
            return new Line(t.release(), t.sequence(), t.at().toString(), t.service(), t.from(), t.to(), t.step(),
                    t.weight(), t.track(), t.baseline(), t.reason(), t.failure());
        }

        Transition transition() {
            return new Transition(release, sequence, java.time.Instant.parse(at), service, from, to, step, weight,
                    track, baseline, reason, failure);
        }
    }
}
