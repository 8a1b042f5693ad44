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
import java.util.LinkedHashSet;
import java.util.List;
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
        List<String> written = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Path staging = null;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, ".slipway-staging-");
            for (GeneratedFile file : files) {
                Path target = root.resolve(file.path());
                if (Files.isRegularFile(target) && Files.readString(target, StandardCharsets.UTF_8).equals(file.content())) {
                    unchanged.add(file.path());
                    continue;
                }
                Path staged = staging.resolve(file.path());
                Files.createDirectories(staged.getParent());
                Files.writeString(staged, file.content(), StandardCharsets.UTF_8);
                written.add(file.path());
            }
            Set<String> current = new TreeSet<>();
            files.forEach(f -> current.add(f.path()));
            Files.writeString(staging.resolve(MANIFEST), manifestText(current), StandardCharsets.UTF_8);
            // Everything is staged: only now touch the real files.
            for (String path : written) {
                Path target = root.resolve(path);
                Files.createDirectories(target.getParent());
                move(staging.resolve(path), target);
            }
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

    private Set<String> readManifest() {
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

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
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
