package dev.slipway.server;

import java.util.function.Consumer;

import dev.slipway.store.IssuedToken;
import dev.slipway.store.SafeText;
import dev.slipway.store.Store;
import dev.slipway.store.TokenInfo;
import dev.slipway.store.auth.Authorizer;
import dev.slipway.store.auth.Principal;
import dev.slipway.store.auth.Role;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** Create, list and revoke API tokens; {@link ApiAuth} lets only admins here and audits create and revoke. */
final class TokenRoutes {

    /** The fields of a create; any other is refused. */
    static final Set<String> FIELDS = Set.of("name", "role", "grants");

    private final Store store;
    private final InstantSource clock;
    private final Consumer<String> revoked;
    private final Supplier<Set<String>> environments;

    /**
     * @param revoked      told the id of each token revoked here, so that no cache of this server accepts it again
     * @param environments the environments a token may be granted: a grant of any other is a typo or a guess
     */
    TokenRoutes(Store store, InstantSource clock, Consumer<String> revoked, Supplier<Set<String>> environments) {
        this.store = store;
        this.clock = clock;
        this.revoked = revoked;
        this.environments = environments;
    }

    /** What a create or revoke names before it is done (the audit target of a denied or failed attempt). */
    static String target(Context ctx) {
        String id = ctx.pathParamMap().get("id");
        return id != null ? Input.printable(id) : "new token";
    }

    /** {@code 201} with the token's secret: the only time it is ever shown. */
    void create(Context ctx) {
        JsonNode request = Input.object(ctx, FIELDS);
        JsonNode name = request.get("name");
        JsonNode role = request.get("role");
        if (name == null || !name.isString() || name.asString().isBlank()) {
            throw ApiProblem.badRequest("name is required and must be a non-empty string");
        }
        Input.text("name", name.asString(), SafeText.NAME_AT_MOST);
        if (role == null || !role.isString()) {
            throw ApiProblem.badRequest("role is required: viewer, deployer or admin");
        }
        Input.text("role", role.asString(), 20);
        Set<String> grants = new LinkedHashSet<>();
        JsonNode granted = request.get("grants");
        if (granted != null && !granted.isNull()) {
            if (!granted.isArray()) {
                throw ApiProblem.badRequest("grants must be an array of environment names");
            }
            for (JsonNode environment : granted) {
                if (!environment.isString()) {
                    throw ApiProblem.badRequest("grants must be an array of environment names");
                }
                String grant = environment.asString();
                boolean approver = grant.startsWith(Authorizer.APPROVER_PREFIX);
                Input.name("grants", approver ? grant.substring(Authorizer.APPROVER_PREFIX.length()) : grant);
                grants.add(grant);
            }
        }
        Set<String> known = environments.get();
        List<String> unknown = grants.stream().filter(g -> !known.contains(g.startsWith(Authorizer.APPROVER_PREFIX)
                ? g.substring(Authorizer.APPROVER_PREFIX.length()) : g)).toList();
        if (!unknown.isEmpty()) {
            throw ApiProblem.badRequest("grants name environments this server does not know: "
                    + String.join(", ", unknown) + " (known: " + (known.isEmpty() ? "none"
                    : String.join(", ", new java.util.TreeSet<>(known))) + ")");
        }
        Principal creator = ctx.attribute(ApiAuth.PRINCIPAL);
        IssuedToken issued;
        try {
            issued = store.tokens().create(name.asString(), Role.of(role.asString()), grants,
                    ApiAuth.actor(creator), clock.instant());
        } catch (IllegalArgumentException e) {
            // an unknown role, a viewer with grants, a blank environment: the message says which
            throw ApiProblem.badRequest(e.getMessage());
        }
        ctx.attribute(ApiAuth.AUDIT_TARGET, describe(issued.info()));
        Map<String, Object> body = token(issued.info());
        body.put("token", issued.secret());
        ctx.status(201).contentType("application/json").result(Json.write(body));
    }

    void list(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tokens", store.tokens().list().stream().map(TokenRoutes::token).toList());
        ctx.contentType("application/json").result(Json.write(body));
    }

    /** {@code 200} with the revoked token; {@code 404} when there is no active token of that id. */
    void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        Instant now = clock.instant();
        if (!Input.id(id) || !store.tokens().revoke(id, now)) {
            throw ApiProblem.notFound("no active token \"" + Input.printable(id) + "\"");
        }
        this.revoked.accept(id);
        TokenInfo revoked = store.tokens().list().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
        ctx.attribute(ApiAuth.AUDIT_TARGET, describe(revoked));
        ctx.contentType("application/json").result(Json.write(token(revoked)));
    }

    /** As the CLI's audit rows name a token: its id, name, role and grants. */
    private static String describe(TokenInfo t) {
        return t.id() + " " + t.name() + " (" + t.role().keyword()
                + (t.grants().isEmpty() ? "" : ", granted " + String.join(", ", t.grants())) + ")";
    }

    private static Map<String, Object> token(TokenInfo t) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", t.id());
        node.put("name", t.name());
        node.put("role", t.role().keyword());
        node.put("grants", t.grants());
        node.put("created", t.created().toString());
        node.put("createdBy", t.createdBy().orElse(null));
        node.put("revoked", t.revoked().map(Instant::toString).orElse(null));
        return node;
    }
}
