package dev.slipway.generate.init;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code slipway init --include/--exclude}: globs over repository-relative paths. A path is read when it (or a
 * folder above it) matches an include glob, if any is given, and neither it nor a folder above it matches an
 * exclude glob; so {@code services/legacy} excludes everything under that folder.
 */
final class PathFilter {

    private final List<Glob> include;
    private final List<Glob> exclude;

    private record Glob(String text, PathMatcher matcher) {
    }

    private PathFilter(List<Glob> include, List<Glob> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** @throws IllegalArgumentException naming the glob when one is malformed */
    static PathFilter of(List<String> include, List<String> exclude) {
        return new PathFilter(globs(include), globs(exclude));
    }

    private static List<Glob> globs(List<String> texts) {
        List<Glob> globs = new ArrayList<>();
        for (String text : texts) {
            try {
                String pattern = text.replace('\\', '/').replaceFirst("^\\./", "").replaceFirst("/+$", "");
                globs.add(new Glob(text, FileSystems.getDefault().getPathMatcher("glob:" + pattern)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + text + "' is not a valid glob: " + e.getMessage(), e);
            }
        }
        return globs;
    }

    /** The glob that leaves {@code relative} out, if one does ("not included" when no include glob matches). */
    Optional<String> excludedBy(String relative) {
        if (!include.isEmpty() && include.stream().noneMatch(g -> matchesOrAncestor(g, relative))) {
            return Optional.of("--include " + String.join(", ", include.stream().map(Glob::text).toList()));
        }
        return exclude.stream().filter(g -> matchesOrAncestor(g, relative)).findFirst().map(g -> "--exclude " + g.text());
    }

    private static boolean matchesOrAncestor(Glob glob, String relative) {
        for (String path = relative; !path.isEmpty(); path = RepositoryTree.parent(path)) {
            if (glob.matcher().matches(Path.of(path))) {
                return true;
            }
        }
        return false;
    }
}
