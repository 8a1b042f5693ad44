package dev.slipway.server;

import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.Build;
import dev.slipway.store.Builds;
import dev.slipway.store.Store;
import dev.slipway.store.Verification;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What CI tells Slipway about the road to production: the builds it made (one digest per version, forever) and
 * the contract verifications it ran. Releases of a version alone deploy the recorded digest; can-i-deploy and the
 * contracts gate read the verifications.
 */
final class SupplyRoutes {

    static final Set<String> BUILD_FIELDS = Set.of("service", "version", "image", "digest", "commit", "builtAt",
            "scan");
    static final Set<String> VERIFICATION_FIELDS = Set.of("consumer", "consumerVersion", "provider",
            "providerVersion", "passed");
    /** A scan report larger than this is not a report a person wrote by hand or Trivy wrote for one image. */
    private static final int SCAN_AT_MOST = 4 * 1024 * 1024;

    private final Store store;
    private final InstantSource clock;

    SupplyRoutes(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    static String buildTarget(Context ctx) {
        return "build";
    }

    /** 201 the new record; 200 the same build recorded before (a re-run); 409 another build of the version or digest. */
    void recordBuild(Context ctx) {
        JsonNode body = Input.object(ctx, BUILD_FIELDS);
        String service = Input.name("service", SpecRoutes.text(body, "service"));
        String version = Input.version("version", SpecRoutes.text(body, "version"));
        String image = Input.text("image", SpecRoutes.text(body, "image"), 512);
        if (image.contains("@") || image.substring(image.lastIndexOf('/') + 1).contains(":")) {
            throw ApiProblem.badRequest("image is the repository without a tag or digest, e.g. "
                    + "\"ghcr.io/acme/shop/cart\"; the digest goes in digest");
        }
        String digest = SpecRoutes.text(body, "digest");
        if (!ReleaseRequest.isDigest(digest)) {
            throw ApiProblem.badRequest("digest must be sha256:<64 lowercase hex digits>, got \""
                    + Input.printable(digest) + "\"");
        }
        Optional<String> commit = optionalText(body, "commit", 64);
        Optional<Instant> builtAt = optionalText(body, "builtAt", 64).map(t -> instant("builtAt", t));
        Optional<String> scan = Optional.ofNullable(body.get("scan")).filter(n -> !n.isNull()).map(n -> {
            String text = n.isString() ? n.asString() : Json.write(n);
            if (text.length() > SCAN_AT_MOST) {
                throw ApiProblem.badRequest("scan is larger than " + SCAN_AT_MOST / 1024 / 1024 + " MiB");
            }
            return text;
        });
        ctx.attribute(ApiAuth.AUDIT_TARGET, "build " + service + " " + version);
        Build build = new Build(service, version, image, digest, commit, builtAt, scan,
                ApiAuth.actor(ctx.attribute(ApiAuth.PRINCIPAL)), clock.instant());
        try {
            Builds.Recorded recorded = store.builds().record(build);
            ctx.status(recorded.created() ? 201 : 200).contentType("application/json")
                    .result(Json.write(json(recorded.build())));
        } catch (Builds.Conflict e) {
            throw ApiProblem.conflict(e.getMessage() + "; a version is built once: give the new image a new version");
        }
    }

    /** 200 {"builds":[..]}: of one service (oldest first), or the newest 100 of all. */
    void builds(Context ctx) {
        String service = ctx.queryParam("service");
        List<Build> builds = service == null ? store.builds().latest(100)
                : store.builds().of(Input.name("service", service));
        ctx.contentType("application/json").result(Json.write(Map.of("builds",
                builds.stream().map(SupplyRoutes::json).toList())));
    }

    void recordVerification(Context ctx) {
        JsonNode body = Input.object(ctx, VERIFICATION_FIELDS);
        JsonNode passed = body.get("passed");
        if (passed == null || !passed.isBoolean()) {
            throw ApiProblem.badRequest("passed is required and must be true or false");
        }
        Verification v = new Verification(Input.name("consumer", SpecRoutes.text(body, "consumer")),
                Input.version("consumerVersion", SpecRoutes.text(body, "consumerVersion")),
                Input.name("provider", SpecRoutes.text(body, "provider")),
                Input.version("providerVersion", SpecRoutes.text(body, "providerVersion")),
                passed.asBoolean(), ApiAuth.actor(ctx.attribute(ApiAuth.PRINCIPAL)), clock.instant());
        ctx.attribute(ApiAuth.AUDIT_TARGET, "verification " + v.consumer() + " " + v.consumerVersion() + " -> "
                + v.provider() + " " + v.providerVersion());
        store.verifications().record(v);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("consumer", v.consumer());
        node.put("consumerVersion", v.consumerVersion());
        node.put("provider", v.provider());
        node.put("providerVersion", v.providerVersion());
        node.put("passed", v.passed());
        node.put("recordedBy", v.recordedBy());
        node.put("recordedAt", v.recordedAt().toString());
        ctx.status(201).contentType("application/json").result(Json.write(node));
    }

    static Map<String, Object> json(Build b) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("service", b.service());
        node.put("version", b.version());
        node.put("image", b.image());
        node.put("digest", b.digest());
        node.put("reference", b.reference());
        node.put("commit", b.commit().orElse(null));
        node.put("builtAt", b.builtAt().map(Instant::toString).orElse(null));
        node.put("scanned", b.scanReport().isPresent());
        node.put("recordedBy", b.recordedBy());
        node.put("recordedAt", b.recordedAt().toString());
        return node;
    }

    private static Optional<String> optionalText(JsonNode body, String field, int atMost) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw ApiProblem.badRequest(field + " must be a string");
        }
        return Optional.of(Input.text(field, node.asString(), atMost));
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field + " must be an ISO-8601 instant, e.g. \"2026-03-01T10:00:00Z\", got \""
                    + Input.printable(text) + "\"");
        }
    }
}
