package dev.slipway.generate.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Groups a repository's compose files into projects the way {@code docker compose} finds them in a directory:
 * the main file ({@code compose.yaml}, else {@code compose.yml}, {@code docker-compose.yaml},
 * {@code docker-compose.yml}) plus its override file is one project, as with {@code -f main -f override}. Any
 * other compose file beside a main file ({@code docker-compose.monitoring.yml}) is an optional add-on, read as
 * its own project; in a directory without a main file every compose file is a project of its own.
 */
final class ComposeFiles {

    private static final Pattern COMPOSE_FILE = Pattern.compile("(docker-)?compose(\\.[\\w-]+)?\\.ya?ml");
    private static final List<String> MAIN = List.of("compose.yaml", "compose.yml", "docker-compose.yaml",
            "docker-compose.yml");
    private static final Set<String> OVERRIDE = Set.of("compose.override.yaml", "compose.override.yml",
            "docker-compose.override.yaml", "docker-compose.override.yml");

    private ComposeFiles() {
    }

    /** A project: the files merged in order; {@code addOn} is true for an optional file beside a main one. */
    record Project(List<String> files, boolean addOn) {
    }

    static boolean isComposeFile(String file) {
        return COMPOSE_FILE.matcher(RepositoryTree.fileName(file)).matches();
    }

    static List<Project> projects(List<String> files) {
        Map<String, List<String>> byDirectory = new TreeMap<>();
        files.stream().filter(ComposeFiles::isComposeFile)
                .forEach(f -> byDirectory.computeIfAbsent(RepositoryTree.parent(f), d -> new ArrayList<>()).add(f));
        List<Project> projects = new ArrayList<>();
        byDirectory.forEach((dir, inDir) -> {
            String main = MAIN.stream().map(name -> dir.isEmpty() ? name : dir + "/" + name)
                    .filter(inDir::contains).findFirst().orElse(null);
            if (main == null) {
                inDir.forEach(f -> projects.add(new Project(List.of(f), false)));
                return;
            }
            List<String> merged = new ArrayList<>(List.of(main));
            inDir.stream().filter(f -> OVERRIDE.contains(RepositoryTree.fileName(f))).findFirst().ifPresent(merged::add);
            projects.add(new Project(merged, false));
            inDir.stream().filter(f -> !merged.contains(f) && !MAIN.contains(RepositoryTree.fileName(f))
                    && !OVERRIDE.contains(RepositoryTree.fileName(f))).forEach(f -> projects.add(new Project(List.of(f), true)));
        });
        return projects;
    }
}
