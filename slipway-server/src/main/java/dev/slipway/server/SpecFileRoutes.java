package dev.slipway.server;

import dev.slipway.model.LoadResult;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.store.AuditLog;
import dev.slipway.store.auth.Principal;
import dev.slipway.store.auth.Role;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The served slipway.yaml ({@code serve --config}) as text, for the UI's builder to edit:
 * {@code GET /api/v1/systems/spec} reads it with the hash of its bytes; {@code PUT} writes a new text when the file
 * still has the hash it was read with (else {@code 409} with what is on disk now, so the editor can choose), and only
 * when the new text has no errors. The write goes to a temporary file beside it that is then moved over it, so a
 * reader never sees half a file. The builder edits the YAML document itself, so comments and formatting of what the
 * person did not change survive; this route stores the text as sent.
 */
final class SpecFileRoutes {

    static final String ACTION = "spec-write";

    private final Optional<Path> file;
    private final AuditLog audit;
    private final InstantSource clock;

    /** The fields of a save: the new text and the hash of the text it was edited from. */
    private static final java.util.Set<String> FIELDS = java.util.Set.of("text", "baseHash");

    private final ApiAuth auth;

    SpecFileRoutes(Optional<Path> file, AuditLog audit, InstantSource clock, ApiAuth auth) {
        this.file = file.map(Path::toAbsolutePath);
        this.audit = audit;
        this.clock = clock;
        this.auth = auth;
    }

    void read(Context ctx) {
        Path path = served();
        ctx.contentType("application/json").result(Json.write(version(path, read(path))));
    }

    synchronized void write(Context ctx) {
        Principal principal = ctx.attribute(ApiAuth.PRINCIPAL);
        String source = auth.source(ctx);
        String target = file.map(p -> p.getFileName().toString()).orElse("slipway.yaml");
        if (principal.role() == Role.VIEWER) {
            audit.append(ApiAuth.actor(principal), ACTION, target, source, "denied", clock.instant());
            throw ApiProblem.forbidden("writing " + target + " needs the deployer or admin role; token "
                    + principal.id() + " (" + principal.name() + ") is a viewer");
        }
        String outcome = "failed";
        try {
            Path path = served();
            JsonNode request = Input.object(ctx, FIELDS);
            String text = SpecRoutes.text(request, "text");
            String baseHash = SpecRoutes.text(request, "baseHash");
            byte[] current = read(path);
            if (!hash(current).equals(baseHash)) {
                Map<String, Object> body = Json.problem(ApiProblem.conflict(target + " changed on disk since it was "
                        + "read (hash " + baseHash + ", now " + hash(current) + "): choose which version to keep"),
                        ctx.path());
                body.put("current", version(path, current));
                ctx.status(409).contentType("application/problem+json").result(Json.write(body));
                return;
            }
            LoadResult result = SpecLoader.load(text, SpecRoutes.SPEC_FILE);
            if (!result.ok()) {
                throw ApiProblem.invalidSpec(result.problems());
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            replace(path, bytes);
            outcome = "allowed";
            ctx.contentType("application/json").result(Json.write(version(path, bytes)));
        } finally {
            audit.append(ApiAuth.actor(principal), ACTION, target, source, outcome, clock.instant());
        }
    }

    private Path served() {
        return file.orElseThrow(() -> ApiProblem.unavailable(
                "this server edits no slipway.yaml: start it with serve --config slipway.yaml"));
    }

    private static Map<String, Object> version(Path path, byte[] bytes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", path.getFileName().toString());
        body.put("text", new String(bytes, StandardCharsets.UTF_8));
        body.put("hash", hash(bytes));
        return body;
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw ApiProblem.unavailable("cannot read " + path.getFileName() + ": " + e.getMessage());
        }
    }

    private static void replace(Path path, byte[] bytes) {
        try {
            Path temporary = Files.createTempFile(path.toAbsolutePath().getParent(), ".slipway-", ".yaml.tmp");
            try {
                Files.write(temporary, bytes);
                try {
                    Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + path, e);
        }
    }

    static String hash(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
