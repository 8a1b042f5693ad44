package dev.slipway.generate.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * A static check of a Dockerfile against its build context, for what would fail a real build or start with
 * no engine at hand: every COPY/ADD source exists in the context (globs must match something), every base
 * image is pinned to a version or digest, and what CMD/ENTRYPOINT starts exists in the context (a script, a
 * module, a main class, a project) or is produced by the build stage and copied into the runtime stage.
 */
final class DockerfileCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern FROM = Pattern.compile("FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);

    private DockerfileCheck() {
    }

    /** One instruction, continuation lines joined, comments dropped. */
    record Instruction(String keyword, String arguments, int stage) {
    }

    static List<String> problems(String dockerfile, Path context) {
        List<Instruction> instructions = parse(dockerfile);
        List<String> problems = new ArrayList<>();
        for (Instruction i : instructions) {
            switch (i.keyword()) {
                case "FROM" -> {
                    Matcher from = FROM.matcher("FROM " + i.arguments());
                    from.find();
                    String image = from.group(1);
                    if (!pinned(image)) {
                        problems.add("base image " + image + " is not pinned to a version or digest");
                    }
                }
                case "COPY", "ADD" -> {
                    List<String> words = words(i.arguments());
                    java.util.Optional<String> fromOther = words.stream().filter(w -> w.startsWith("--from=")).findFirst();
                    if (fromOther.isPresent()) {
                        // from an earlier stage, or straight from an image (uv's binary): an image must be pinned too
                        String image = fromOther.get().substring("--from=".length());
                        if (!stages(instructions).contains(image) && !pinned(image)) {
                            problems.add("COPY --from=" + image + ": the image is not pinned to a version or digest");
                        }
                        continue;
                    }
                    List<String> sources = words.stream().filter(w -> !w.startsWith("--")).toList();
                    for (String source : sources.subList(0, sources.size() - 1)) {
                        if (!exists(context, source)) {
                            problems.add(i.keyword() + " " + source + ": not in the build context " + context.getFileName());
                        }
                    }
                }
                default -> { }
            }
        }
        instructions.stream().filter(i -> i.keyword().equals("CMD") || i.keyword().equals("ENTRYPOINT"))
                .reduce((a, b) -> b)
                .ifPresentOrElse(start -> problems.addAll(startProblems(start, instructions, context)),
                        () -> problems.add("no CMD or ENTRYPOINT"));
        return problems;
    }

    private static boolean pinned(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        return image.contains("@sha256:") || (name.contains(":") && !name.endsWith(":latest")
                && (name.substring(name.indexOf(':') + 1).matches(".*\\d.*") || name.endsWith(":nonroot")));
    }

    /** The names the FROM lines give their stages. */
    private static java.util.Set<String> stages(List<Instruction> instructions) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Instruction i : instructions) {
            Matcher from = FROM.matcher("FROM " + i.arguments());
            if (i.keyword().equals("FROM") && from.find() && from.group(2) != null) {
                names.add(from.group(2));
            }
        }
        return names;
    }

    private static List<String> startProblems(Instruction start, List<Instruction> instructions, Path context) {
        List<String> command;
        try {
            command = List.of(JSON.readValue(start.arguments(), String[].class));
        } catch (RuntimeException e) {
            return List.of(start.keyword() + " is not in exec form: " + start.arguments());
        }
        String program = command.getFirst();
        List<String> problems = new ArrayList<>();
        switch (program) {
            case "node" -> {
                String file = command.get(command.size() - 1);
                if (!file.equals(".") && !Files.exists(context.resolve(file))) {
                    problems.add("node starts " + file + ", which is not in the context");
                }
            }
            case "npm" -> {
                if (!read(context.resolve("package.json")).contains("\"start\"")) {
                    problems.add("npm start without a start script");
                }
            }
            case "python" -> {
                if (command.get(1).equals("-m")) {
                    String module = command.get(2).replace('.', '/');
                    if (!Files.exists(context.resolve(module + "/__main__.py")) && !Files.exists(context.resolve(module + ".py"))) {
                        problems.add("python -m " + command.get(2) + ": no such module in the context");
                    }
                } else if (command.get(1).equals("-c")) {
                    Matcher from = Pattern.compile("from ([\\w.]+) import (\\w+)").matcher(command.get(2));
                    if (!from.find() || !read(context.resolve(from.group(1).replace('.', '/') + ".py")).contains("def " + from.group(2) + "(")) {
                        problems.add("python -c " + command.get(2) + ": the function is not in the context");
                    }
                } else if (!Files.exists(context.resolve(command.get(1)))) {
                    problems.add("python starts " + command.get(1) + ", which is not in the context");
                }
            }
            case "java" -> {
                int jar = command.indexOf("-jar");
                if (jar >= 0) {
                    problems.addAll(produced(command.get(jar + 1), instructions));
                } else {
                    String mainClass = command.getLast();
                    try (Stream<Path> files = Files.walk(context)) {
                        String path = "src/main/java/" + mainClass.replace('.', '/') + ".java";
                        if (files.noneMatch(p -> p.toString().replace('\\', '/').endsWith(path))) {
                            problems.add("java starts " + mainClass + ", which has no source in the context");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    problems.addAll(produced("/app/service.jar", instructions));
                }
            }
            case "dotnet" -> {
                String assembly = command.get(1).replaceFirst("\\.dll$", "");
                try (Stream<Path> files = Files.walk(context)) {
                    boolean project = files.filter(p -> p.toString().endsWith(".csproj"))
                            .anyMatch(p -> p.getFileName().toString().equals(assembly + ".csproj")
                                    || read(p).contains("<AssemblyName>" + assembly + "</AssemblyName>"));
                    if (!project) {
                        problems.add("dotnet starts " + command.get(1) + ", which no project in the context builds");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> problems.addAll(produced(program, instructions));
        }
        return problems;
    }

    /**
     * An absolute path the last stage starts: it must come from a {@code COPY --from=STAGE SRC DEST} of the
     * last stage that covers it, and the earlier stage must write SRC (its RUN commands name it).
     */
    private static List<String> produced(String target, List<Instruction> instructions) {
        int last = instructions.getLast().stage();
        String workdir = "/";
        for (Instruction i : instructions) {
            if (i.stage() != last) {
                continue;
            }
            if (i.keyword().equals("WORKDIR")) {
                workdir = i.arguments().trim();
            }
            List<String> words = words(i.arguments());
            if (!i.keyword().equals("COPY") || words.stream().noneMatch(w -> w.startsWith("--from="))) {
                continue;
            }
            List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
            String source = paths.get(0);
            String dest = paths.get(1).startsWith("/") ? paths.get(1) : workdir + "/" + paths.get(1);
            dest = Path.of(dest).normalize().toString();
            String stage = words.stream().filter(w -> w.startsWith("--from=")).findFirst().orElseThrow().substring(7);
            String mapped;
            if (target.equals(dest)) {
                mapped = source;
            } else if (target.startsWith(dest + "/")) {
                mapped = source + target.substring(dest.length());
            } else {
                continue;
            }
            int stageIndex = stageIndex(instructions, stage);
            String runs = String.join("\n", instructions.stream()
                    .filter(r -> r.stage() == stageIndex && r.keyword().equals("RUN")).map(Instruction::arguments).toList());
            // the stage writes the copied path, or the directory it is in, and names the file it starts
            String file = mapped.substring(mapped.lastIndexOf('/') + 1);
            if (runs.contains(source) && (runs.contains(file) || source.equals(mapped) || runs.contains("cp -r"))) {
                return List.of();
            }
            return List.of(target + " is copied from " + stage + ":" + mapped + ", which that stage does not write");
        }
        return List.of(target + " is started but nothing copies it into the last stage");
    }

    private static int stageIndex(List<Instruction> instructions, String name) {
        return instructions.stream().filter(i -> i.keyword().equals("FROM"))
                .filter(i -> i.arguments().toLowerCase().endsWith(" as " + name.toLowerCase()))
                .map(Instruction::stage).findFirst().orElse(-1);
    }

    private static boolean exists(Path context, String source) {
        String relative = source.startsWith("/") ? source.substring(1) : source;
        if (relative.equals(".") || relative.equals("./")) {
            return true;
        }
        if (!relative.matches(".*[*?\\[].*")) {
            return Files.exists(context.resolve(relative));
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + relative);
        try (Stream<Path> files = Files.walk(context)) {
            return files.anyMatch(p -> glob.matches(context.relativize(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Instruction> parse(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int stage = -1;
        for (String line : dockerfile.split("\n")) {
            if (line.trim().startsWith("#") && current.isEmpty()) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().trim();
            current.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            int space = text.indexOf(' ');
            String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase();
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(keyword, space < 0 ? "" : text.substring(space + 1).trim(), stage));
        }
        return instructions;
    }

    private static List<String> words(String arguments) {
        return List.of(arguments.trim().split("\\s+"));
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
