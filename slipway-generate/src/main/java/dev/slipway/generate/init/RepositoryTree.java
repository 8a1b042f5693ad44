package dev.slipway.generate.init;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a repository that init looks at: relative paths with {@code /} separators, sorted, without
 * dependency caches, build output and hidden directories (.git, .venv, .idea, ...).
 */
final class RepositoryTree {

    static final Set<String> SKIPPED_DIRECTORIES = Set.of("node_modules", "target", "build", "dist", "vendor",
            "bin", "obj", "venv", "__pycache__", "testdata");

    /** Larger files are not manifests or build files a person wrote; reading them only costs time. */
    private static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    private final Path root;
    private final List<String> files;

    private RepositoryTree(Path root, List<String> files) {
        this.root = root;
        this.files = files;
    }

    static RepositoryTree walk(Path root) throws IOException {
        return walk(root, PathFilter.of(List.of(), List.of()), new ArrayList<>());
    }

    /** The files {@code filter} keeps; each glob that left files out adds one line to {@code leftOut}. */
    static RepositoryTree walk(Path root, PathFilter filter, List<String> leftOut) throws IOException {
        Path start = root.toAbsolutePath().normalize();
        if (!Files.exists(start)) {
            throw new java.nio.file.NoSuchFileException(root.toString());
        }
        if (!Files.isDirectory(start)) {
            throw new java.nio.file.NotDirectoryException(root.toString());
        }
        List<String> files = new ArrayList<>();
        java.util.Map<String, Integer> excludedCounts = new java.util.TreeMap<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(start)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                return name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String relative = relative(start, file);
                    Optional<String> excluded = filter.excludedBy(relative);
                    if (excluded.isEmpty()) {
                        files.add(relative);
                    } else {
                        excludedCounts.merge(excluded.get(), 1, Integer::sum);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // an unreadable corner of the tree is not worth failing the import
            }
        });
        Collections.sort(files);
        excludedCounts.forEach((glob, count) -> leftOut.add(count + " file(s) not read because of " + glob));
        return new RepositoryTree(start, List.copyOf(files));
    }

    Path root() {
        return root;
    }

    List<String> files() {
        return files;
    }

    boolean exists(String relative) {
        return Files.isRegularFile(root.resolve(relative));
    }

    /** The text of a file (malformed bytes replaced), or empty when it is too large or unreadable. */
    Optional<String> read(String relative) {
        Path file = root.resolve(relative);
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** The directory part of a relative path ({@code ""} for the root). */
    static String parent(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    static String fileName(String relative) {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }

    /** {@code dir} joined with {@code relative} and normalised; empty when it leaves the repository. */
    static Optional<String> resolve(String dir, String relative) {
        Path joined = Path.of(dir.isEmpty() ? "." : dir).resolve(relative).normalize();
        String text = joined.toString().replace('\\', '/');
        if (text.startsWith("..") || joined.isAbsolute()) {
            return Optional.empty();
        }
        return Optional.of(text.equals(".") ? "" : text);
    }
}
