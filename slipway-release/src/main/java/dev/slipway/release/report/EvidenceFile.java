package dev.slipway.release.report;

import dev.slipway.release.analysis.Judgement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evidence of the releases of a data directory: per release one JSON-lines file
 * ({@code <release>.jsonl}) of every judgement and pod event, in the order they happened. Written as the release
 * runs, read by {@code slipway report}. A line cut short by a crash is skipped on reading.
 */
public final class EvidenceFile implements EvidenceLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;

    public EvidenceFile(Path directory) {
        this.directory = directory;
    }

    /** One line: either a judgement or a pod event. */
    record Line(Judgement judgement, PodEvent pods) {
    }

    @Override
    public void append(Judgement judgement) {
        write(judgement.release(), new Line(judgement, null));
    }

    @Override
    public void append(String release, PodEvent event) {
        write(release, new Line(null, event));
    }

    @Override
    public Evidence read(String release) {
        Path file = file(release);
        List<Judgement> judgements = new ArrayList<>();
        List<PodEvent> pods = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Evidence(judgements, pods);
        }
        try {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    Line line = JSON.readValue(text, Line.class);
                    if (line.judgement() != null) {
                        judgements.add(line.judgement());
                    }
                    if (line.pods() != null) {
                        pods.add(line.pods());
                    }
                } catch (JacksonException torn) {
                    // the last line of a process that died mid-write
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the evidence " + file, e);
        }
        return new Evidence(judgements, pods);
    }

    private void write(String release, Line line) {
        Path file = file(release);
        try {
            Files.createDirectories(directory);
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the evidence " + file, e);
        }
    }

    private Path file(String release) {
        if (!release.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a release id is letters, digits, '.', '_' and '-', got \"" + release + "\"");
        }
        return directory.resolve(release + ".jsonl");
    }
}
