package dev.slipway.server;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.OutputDirectory;
import dev.slipway.generate.SourceTree;
import dev.slipway.model.SecretSource;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /api/v1/systems/files}: what {@code slipway generate} would write for the posted spec, each file beside
 * its copy in the repository of the served slipway.yaml (the directory {@code generate} writes to by default), in one
 * answer, so the builder's Generated files tab needs one request, not one per file. The server reads only the paths a
 * generator writes and the ones its manifest says an earlier generate wrote, never a path the caller names: a viewer
 * may compare the generated files but cannot read the repository's other files through this route. Read-only.
 */
final class RepositoryFileRoutes {

    /** A repository file larger than this is not sent (the browser would not diff it usefully either). */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Optional<Path> specFile;
    private final Optional<Path> root;

    RepositoryFileRoutes(Optional<Path> specFile) {
        this.specFile = specFile.map(f -> f.toAbsolutePath().normalize());
        this.root = this.specFile.map(Path::getParent);
    }

    void compare(Context ctx) {
        Path repository = root.orElseThrow(() -> ApiProblem.unavailable(
                "this server has no repository to compare with: start it with serve --config slipway.yaml"));
        AtomicBoolean readSources = new AtomicBoolean();
        SpecRoutes.Generation generation = SpecRoutes.generation(ctx, posted -> {
            readSources.set(readsOnlyWhatTheServedSpecReads(posted));
            return readSources.get() ? SourceTree.at(repository) : SourceTree.none();
        });
        Path realRoot = realPath(repository);
        List<Map<String, Object>> files = new ArrayList<>();
        Set<String> generated = new TreeSet<>();
        for (GeneratedFile file : generation.files()) {
            generated.add(file.path());
            files.add(entry(file.path(), Optional.of(file.content()), repository, realRoot));
        }
        for (String old : new OutputDirectory(repository).readManifest()) {
            if (!generated.contains(old) && Files.exists(repository.resolve(old), LinkOption.NOFOLLOW_LINKS)) {
                files.add(entry(old, Optional.empty(), repository, realRoot));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targets", generation.targets());
        body.put("sources", readSources.get());
        body.put("files", files);
        ctx.contentType("application/json").result(Json.write(body));
    }

    /**
     * True when the posted spec makes the generators read nothing from the repository that the served slipway.yaml
     * does not make them read already: the same service directories, Dockerfiles and SealedSecret files. Then the
     * files are generated reading the repository, exactly as {@code slipway generate} would (a Dockerfile follows the
     * lockfile it finds). Otherwise they are generated from the spec alone: a spec posted by a viewer must not make
     * the server read, and copy into its answer, a file the served spec does not name (a SealedSecret is copied whole).
     */
    private boolean readsOnlyWhatTheServedSpecReads(SystemSpec posted) {
        Optional<SystemSpec> served = specFile.flatMap(file -> {
            try {
                return SpecRoutes.loadResult(Files.readString(file, StandardCharsets.UTF_8)).spec();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        return served.isPresent() && reads(served.get()).containsAll(reads(posted));
    }

    /** What a spec makes the generators read from the repository. */
    static Set<String> reads(SystemSpec spec) {
        Set<String> reads = new TreeSet<>();
        for (Service service : spec.services()) {
            String dir = service.path().orElse(".");
            reads.add("directory " + dir);
            service.dockerfile().ifPresent(dockerfile -> reads.add("dockerfile " + dir + " " + dockerfile));
            for (SecretSource secret : service.secrets().values()) {
                if (secret instanceof SecretSource.SealedSecret sealed) {
                    spec.environments().forEach(environment -> reads.add("file " + sealed.fileFor(environment.name())));
                }
            }
        }
        return reads;
    }

    /** One file: its state, what generate would write and what the repository has (each when there is one). */
    private static Map<String, Object> entry(String path, Optional<String> generatedText, Path repository,
                                             Path realRoot) {
        Path file = inside(repository, path);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", path);
        generatedText.ifPresent(text -> entry.put("generated", text));
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            entry.put("state", "new");
            return entry;
        }
        Optional<String> unreadable = unreadable(file, realRoot);
        if (unreadable.isPresent()) {
            entry.put("state", "unreadable");
            entry.put("detail", unreadable.get());
            return entry;
        }
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            entry.put("state", "unreadable");
            entry.put("detail", "cannot be read: " + e.getClass().getSimpleName());
            return entry;
        }
        entry.put("repository", text);
        entry.put("state", generatedText.map(g -> g.equals(text) ? "unchanged" : "changed").orElse("stale"));
        return entry;
    }

    /** Why the file at a generated path is not sent, if it is not: a directory, a link out of the repository, too big. */
    private static Optional<String> unreadable(Path file, Path realRoot) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return Optional.of("a link to nothing");
        }
        if (!real.startsWith(realRoot)) {
            return Optional.of("a link to outside the repository: not read");
        }
        if (!Files.isRegularFile(real)) {
            return Optional.of("not a file");
        }
        try {
            long size = Files.size(real);
            return size > MAX_FILE_BYTES
                    ? Optional.of("too large to compare: " + size + " bytes, more than " + MAX_FILE_BYTES)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The file at a generated path, which must stay inside the repository: no absolute path, no {@code ..}, no NUL.
     * The generators never write such a path; a spec that made one would be a request to read elsewhere.
     */
    static Path inside(Path repository, String path) {
        if (path.isEmpty() || path.indexOf('\0') >= 0 || path.startsWith("/") || path.startsWith("\\")
                || List.of(path.split("[/\\\\]")).contains("..") || Path.of(path).isAbsolute()) {
            throw ApiProblem.badRequest("generated path " + Input.printable(path) + " is not inside the repository");
        }
        Path file = repository.resolve(path).normalize();
        if (!file.startsWith(repository)) {
            throw ApiProblem.badRequest("generated path " + Input.printable(path) + " is not inside the repository");
        }
        return file;
    }

    private static Path realPath(Path repository) {
        try {
            return repository.toRealPath();
        } catch (IOException e) {
            throw ApiProblem.unavailable("cannot read the repository " + repository.getFileName() + ": "
                    + e.getMessage());
        }
    }
}
