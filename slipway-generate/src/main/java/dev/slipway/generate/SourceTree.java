package dev.slipway.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repository the spec describes, read-only: what the generators read from the services' own files
 * (build files, lockfiles, entry points, Dockerfiles). Paths are relative to the repository root and use
 * {@code /}. {@link #none()} is a repository nobody can see (the server generating from a posted spec):
 * the generators then fall back to each build tool's conventions.
 */
public final class SourceTree {

    private static final SourceTree NONE = new SourceTree(null);
    /** Deep enough for nested projects (src/Project/Project.csproj), shallow enough to stay fast. */
    private static final int SEARCH_DEPTH = 4;

    private final Path root;

    private SourceTree(Path root) {
        this.root = root;
    }

    public static SourceTree at(Path root) {
        return new SourceTree(root.toAbsolutePath().normalize());
    }

    public static SourceTree none() {
        return NONE;
    }

    /** True when this directory exists in a visible repository: its files can be trusted to say how it builds. */
    public boolean has(String directory) {
        return root != null && Files.isDirectory(resolve(directory));
    }

    public boolean exists(String file) {
        return root != null && Files.exists(resolve(file));
    }

    public Optional<String> read(String file) {
        if (root == null || !Files.isRegularFile(resolve(file))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(resolve(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Files under {@code directory} (at most a few levels down) whose name ends with {@code suffix}, relative
     * to the repository root, sorted; build output and dependency folders are skipped.
     */
    public List<String> find(String directory, String suffix) {
        return find(directory, suffix, SEARCH_DEPTH);
    }

    /** As {@link #find(String, String)}, {@code depth} levels down (Java packages nest deeply). */
    public List<String> find(String directory, String suffix, int depth) {
        if (!has(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(resolve(directory), depth)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.matches("(.*/)?(node_modules|target|build|bin|obj|\\.git|\\.venv|vendor)/.*"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository-relative form of {@code directory/relative}, normalised ({@code a/b/../c} is {@code a/c}). */
    public static String join(String directory, String relative) {
        Path joined = Path.of(directory.equals(".") ? "" : directory).resolve(relative).normalize();
        String text = joined.toString().replace('\\', '/');
        return text.isEmpty() ? "." : text;
    }

    private Path resolve(String relative) {
        return root.resolve(relative).normalize();
    }
}
