package dev.slipway.server;

import dev.slipway.store.AuditLog;
import dev.slipway.store.auth.Action;
import dev.slipway.store.Authenticator;
import dev.slipway.store.auth.Authorizer;
import dev.slipway.store.auth.Principal;
import dev.slipway.store.auth.Role;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * Who calls the API and what they may do. Every {@code /api/v1} route but the OpenAPI document is registered
 * through {@link #read} or {@link #manageTokens}, so an unguarded route cannot be added by forgetting a check:
 * the route table and ApiTest's matrix show each one.
 *
 * <p>The source address is the TCP peer; a forwarded-for header, which any caller could write to escape the
 * failure limit, is believed only from a trusted proxy the operator named ({@link ClientAddress}). The presented token is handed to the {@link Authenticator} and dropped: it is never put in a
 * problem, a log line or the audit log.
 */
final class ApiAuth {

    /** The audit actor of a request that presented no valid token: there is no token to name. */
    static final String ANONYMOUS = "anonymous";
    /** The authenticated principal, for the route (a created token records who created it). */
    static final String PRINCIPAL = "slipway.principal";
    /** Where a route may name what a mutating call changed, once it knows (a created token's id). */
    static final String AUDIT_TARGET = "slipway.audit.target";

    private static final String BEARER = "Bearer ";

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final InstantSource clock;
    private final DeniedAttempts denials;
    private final ClientAddress address;

    ApiAuth(Authenticator authenticator, Authorizer authorizer, AuditLog audit, InstantSource clock,
            ClientAddress address) {
        this.address = address;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
        this.denials = new DeniedAttempts(audit, clock);
    }

    /** Writes the denials still being counted: the server stops. */
    void flush() {
        denials.flush();
    }

    /** A route any authenticated caller may use: every role reads. */
    Handler read(Handler route) {
        return ctx -> {
            require(authenticate(ctx), Action.READ);
            route.handle(ctx);
        };
    }

    /**
     * A token route: admins only. With {@code auditAction} (the calls that change something), every attempt is
     * appended to the audit log, allowed, denied or failed; {@code target} is what the request names, which the
     * route may refine in {@link #AUDIT_TARGET}.
     */
    Handler manageTokens(String auditAction, Handler route, Function<Context, String> target) {
        return guarded(Action.MANAGE_TOKENS, auditAction, ctx -> null, route, target);
    }

    /**
     * A route that changes what runs in an environment (create, cancel, resume, roll back a release): a role that
     * may release, granted the environment ({@link Authorizer}); every attempt is audited.
     *
     * @param environment the environment the request changes (from its body or its release); it may throw a
     *                    problem (an unknown release, a malformed body), audited as failed
     */
    Handler release(Action action, Function<Context, String> environment, Handler route,
                    Function<Context, String> target) {
        return guarded(action, action.keyword(), environment, route, target);
    }

    /** A route that records what CI did (a build, a verification): a deployer or an admin; every attempt audited. */
    Handler record(Action action, Handler route, Function<Context, String> target) {
        return guarded(action, action.keyword(), ctx -> null, route, target);
    }

    private Handler guarded(Action action, String auditAction, Function<Context, String> environment, Handler route,
                            Function<Context, String> target) {
        return ctx -> {
            String source = source(ctx);
            Principal principal;
            try {
                principal = authenticate(ctx);
            } catch (ApiProblem e) {
                // a refused address (429) is not audited: the refusal exists to keep a guesser from filling the log
                if (auditAction != null && e.status() == 401) {
                    denials.denied(ANONYMOUS, auditAction, target.apply(ctx), source);
                }
                throw e;
            }
            String env;
            try {
                env = environment.apply(ctx);
            } catch (ApiProblem e) {
                audit.append(actor(principal), auditAction, target.apply(ctx), source, "failed", clock.instant());
                throw e;
            }
            try {
                require(principal, action, env);
            } catch (ApiProblem e) {
                if (auditAction != null) {
                    denials.denied(actor(principal), auditAction, target.apply(ctx), source);
                }
                throw e;
            }
            if (auditAction == null) {
                route.handle(ctx);
                return;
            }
            String outcome = "failed";
            try {
                route.handle(ctx);
                // a route may refuse by answering, not throwing (a release whose plan is refused: 422 with the plan)
                outcome = ctx.statusCode() < 400 ? "allowed" : "failed";
            } finally {
                String refined = ctx.attribute(AUDIT_TARGET);
                audit.append(actor(principal), auditAction, refined != null ? refined : target.apply(ctx), source,
                        outcome, clock.instant());
            }
        };
    }

    /** How the audit log names the caller: the token's name and id (a name alone may be reused). */
    static String actor(Principal principal) {
        return principal.name() + " (" + principal.id() + ")";
    }

    private Principal authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            // nothing presented, nothing guessed; but counted against the address, as anonymous traffic is limited too
            if (authenticator.anonymous(source(ctx)) instanceof Authenticator.Refused refused) {
                throw ApiProblem.tooManyRequests(refused.retryAfter());
            }
            throw ApiProblem.unauthorized("this route needs Authorization: Bearer <token>; an admin issues tokens "
                    + "(slipway token create, or POST /api/v1/tokens)", false);
        }
        // another scheme counts as a failed presentation: it is a credential this server does not accept
        String presented = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip() : "";
        return switch (authenticator.authenticate(presented, source(ctx))) {
            case Authenticator.Authenticated ok -> {
                ctx.attribute(PRINCIPAL, ok.principal());
                yield ok.principal();
            }
            case Authenticator.Rejected rejected -> throw ApiProblem.unauthorized(
                    "the bearer token is unknown, revoked or malformed", true);
            case Authenticator.Refused refused -> throw ApiProblem.tooManyRequests(refused.retryAfter());
        };
    }

    private void require(Principal principal, Action action) {
        require(principal, action, null);
    }

    private void require(Principal principal, Action action, String environment) {
        if (!authorizer.may(principal, action, environment)) {
            String token = "token " + principal.id() + " (" + principal.name() + ")";
            throw ApiProblem.forbidden(switch (action) {
                case MANAGE_TOKENS -> "managing tokens needs the " + Role.ADMIN.keyword() + " role; " + token
                        + " is a " + principal.role().keyword();
                case READ -> "reading is not allowed to " + token;
                default -> principal.role() == Role.VIEWER
                        ? action.keyword() + " needs the deployer or admin role; " + token + " is a viewer"
                        : action.keyword() + " in " + environment + " needs a grant of " + environment + "; " + token
                        + " is granted " + (principal.grants().isEmpty() ? "no environment"
                        : String.join(", ", new java.util.TreeSet<>(principal.grants())));
            });
        }
    }

    /** The caller's address: the TCP peer, or what a trusted proxy says (see {@link ClientAddress}). */
    String source(Context ctx) {
        return address.of(ctx);
    }
}
