package dev.slipway.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The directory generated files go to (usually the repository root). Writing is all or nothing per file:
 * every file is first written to a staging directory beside them, then moved into place, so a failure never
 * leaves a half-written file. A manifest ({@value #MANIFEST}) remembers what Slipway wrote, so files a
 * target no longer produces are removed and reported by the drift check, while the user's own files are
 * never touched.
 */
public final class OutputDirectory {

    public static final String MANIFEST = ".slipway-generated";

    private final Path root;

    public OutputDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** What a write changed. */
    public record WriteSummary(List<String> written, List<String> unchanged, List<String> removed) {
    }

    /** A generated file whose copy on disk is not what Slipway would write now. */
    public record Drift(String path, Kind kind) {
        public enum Kind { CHANGED, MISSING, STALE }

        @Override
        public String toString() {
            return kind.name().toLowerCase() + ": " + path;
        }
    }

    public WriteSummary write(List<GeneratedFile> files) {
        Set<String> previous = readManifest();
        Path staging = null;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, ".slipway-staging-");
            Set<String> existing = existingDirectories(files);
            List<Staged> staged = stage(files, staging, existing);
            List<String> written = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            staged.forEach(s -> (s.changed() ? written : unchanged).add(s.path()));
            Set<String> current = new TreeSet<>();
            files.forEach(f -> current.add(f.path()));
            Files.writeString(staging.resolve(MANIFEST), manifestText(current), StandardCharsets.UTF_8);
            // Everything is staged: only now touch the real files.
            Path from = staging;
            inParallel(List.copyOf(moves(written, existing)), path -> move(from.resolve(path), root.resolve(path)));
            move(staging.resolve(MANIFEST), root.resolve(MANIFEST));
            List<String> removed = new ArrayList<>();
            for (String old : previous) {
                if (!current.contains(old) && Files.deleteIfExists(root.resolve(old))) {
                    removed.add(old);
                    pruneEmptyParents(root.resolve(old).getParent());
                }
            }
            return new WriteSummary(written, unchanged, removed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write generated files to " + root + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /** A file after staging: {@code changed} if it was written to the staging directory, else it is on disk already. */
    private record Staged(String path, boolean changed) {
    }

    /**
     * Writes every file that differs from its copy on disk to the staging directory, two at a time (the writes are
     * system calls, not computation). Each staging directory is created once; a file whose directory does not
     * exist in the output is new, so it is not read first.
     */
    private List<Staged> stage(List<GeneratedFile> files, Path staging, Set<String> existing) throws IOException {
        Set<String> parents = new TreeSet<>();   // sorted: a directory comes before its subdirectories
        files.forEach(f -> parent(f.path()).ifPresent(parents::add));
        for (String dir : parents) {
            Files.createDirectories(staging.resolve(dir));
        }
        return inParallel(files, file -> {
            byte[] content = file.content().getBytes(StandardCharsets.UTF_8);
            boolean mayExist = parent(file.path()).map(existing::contains).orElse(true);
            if (mayExist && sameContent(root.resolve(file.path()), content)) {
                return new Staged(file.path(), false);
            }
            Files.write(staging.resolve(file.path()), content);
            return new Staged(file.path(), true);
        });
    }

    private static boolean sameContent(Path target, byte[] content) {
        try {
            return Files.size(target) == content.length && Arrays.equals(Files.readAllBytes(target), content);
        } catch (IOException e) {
            return false;   // missing, a directory, unreadable: write it (moving it into place reports real problems)
        }
    }

    /** The directories (relative, with '/') the files go to that exist in the output already, with their parents. */
    private Set<String> existingDirectories(List<GeneratedFile> files) {
        Set<String> checked = new HashSet<>();
        Set<String> existing = new HashSet<>();
        for (GeneratedFile file : files) {
            for (String dir = parent(file.path()).orElse(null); dir != null && checked.add(dir); dir = parent(dir).orElse(null)) {
                if (Files.isDirectory(root.resolve(dir))) {
                    existing.add(dir);
                }
            }
        }
        return existing;
    }

    /**
     * What to move from the staging directory: a written file whose directories all exist in the output moves
     * alone; otherwise its topmost missing directory moves as a whole, with everything staged in it (all of it is
     * new, as the directory did not exist). One rename then replaces hundreds on a first generate.
     */
    private static Set<String> moves(List<String> written, Set<String> existing) {
        Set<String> moves = new LinkedHashSet<>();
        for (String path : written) {
            String unit = path;
            for (String dir = parent(path).orElse(null); dir != null; dir = parent(dir).orElse(null)) {
                if (!existing.contains(dir)) {
                    unit = dir;
                }
            }
            moves.add(unit);
        }
        return moves;
    }

    private static Optional<String> parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(path.substring(0, slash));
    }

    @FunctionalInterface
    private interface FileAction<T, R> {
        R apply(T item) throws IOException;
    }

    /** Runs {@code action} on the items on the common pool; results in the items' order; an IOException is rethrown. */
    private static <T, R> List<R> inParallel(List<T> items, FileAction<T, R> action) throws IOException {
        try {
            return items.parallelStream().map(item -> {
                try {
                    return action.apply(item);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The files that differ from what would be generated now (empty: no drift). */
    public List<Drift> check(List<GeneratedFile> files) {
        List<Drift> drift = new ArrayList<>();
        Set<String> current = new TreeSet<>();
        for (GeneratedFile file : files) {
            current.add(file.path());
            Path target = root.resolve(file.path());
            try {
                if (!Files.isRegularFile(target)) {
                    drift.add(new Drift(file.path(), Drift.Kind.MISSING));
                } else if (!Files.readString(target, StandardCharsets.UTF_8).equals(file.content())) {
                    drift.add(new Drift(file.path(), Drift.Kind.CHANGED));
                }
            } catch (IOException e) {
                drift.add(new Drift(file.path(), Drift.Kind.CHANGED));
            }
        }
        for (String old : readManifest()) {
            if (!current.contains(old) && Files.exists(root.resolve(old))) {
                drift.add(new Drift(old, Drift.Kind.STALE));
            }
        }
        return drift;
    }

    /**
     * The paths the last {@code slipway generate} into this directory wrote, from its manifest (empty without one):
     * what a generate that no longer produces them would remove.
     */
    public Set<String> readManifest() {
        Path manifest = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Set.of();
        }
        try {
            Set<String> paths = new LinkedHashSet<>();
            Arrays.stream(Files.readString(manifest, StandardCharsets.UTF_8).split("\n"))
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    // only paths inside the output directory: a tampered manifest must not delete elsewhere
                    .filter(line -> !line.startsWith("/") && !line.contains(".."))
                    .forEach(paths::add);
            return paths;
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static String manifestText(Set<String> paths) {
        return "# " + Layout.HEADER_TEXT + "\n# Files written by `slipway generate`; used to remove files it no longer writes.\n"
                + String.join("\n", paths) + "\n";
    }

    private static Void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return null;
    }

    private void pruneEmptyParents(Path dir) throws IOException {
        while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(dir);
            dir = dir.getParent();
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a leftover staging directory is harmless and reported by nothing
        }
    }
}
