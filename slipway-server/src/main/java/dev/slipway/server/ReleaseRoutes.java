package dev.slipway.server;

import dev.slipway.model.OnFailure;
import dev.slipway.model.UserError;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.PlanJson;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.release.report.ReportJson;
import dev.slipway.run.Commit;
import dev.slipway.run.ReleaseRecord;
import dev.slipway.run.ApprovalDesk;
import dev.slipway.run.ReleaseService;
import dev.slipway.run.Releaser;
import dev.slipway.store.Approval;
import dev.slipway.store.auth.Role;
import dev.slipway.store.DatabaseJournal;
import dev.slipway.store.Store;
import dev.slipway.store.auth.Principal;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The routes that change releases (create, cancel, resume a gate, roll back) and follow them (their event stream,
 * their report). The leader runs them; another replica answers 503 and names none of its own.
 */
final class ReleaseRoutes {

    /** How long a stream waits for a new step before it looks at the store again (a follower is never woken). */
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(1);
    /** A comment this often keeps proxies from closing a quiet stream. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Store store;
    private final ReleaseService service;
    private final Supplier<Optional<String>> leader;

    /** @param service null for a server that runs no releases; @param leader the identity of the replica that leads, when this one does not and knows it */
    ReleaseRoutes(Store store, ReleaseService service, Supplier<Optional<String>> leader) {
        this.store = store;
        this.service = service;
        this.leader = leader;
    }

    // ---- what each route changes, for the authorizer and the audit log ---------------------------------------

    /** The environment a create names; it must be one of the served spec's. */
    String environmentOfCreate(Context ctx) {
        JsonNode body = Input.object(ctx, CREATE_FIELDS);
        ctx.attribute("slipway.body", body);
        String environment = Input.name("environment", SpecRoutes.text(body, "environment"));
        if (service().spec().environment(environment).isEmpty()) {
            throw ApiProblem.invalidRequest("environment \"" + environment + "\" is not in the served slipway.yaml ("
                    + String.join(", ", service().spec().environments().stream().map(e -> e.name()).toList()) + ")",
                    List.of());
        }
        return environment;
    }

    /** The fields of a create; any other is refused, so that a typo ({@code gate}) does not start an ungated release. */
    static final Set<String> CREATE_FIELDS = Set.of("environment", "versions", "onFailure", "maxParallel", "gates",
            "commit", "force");
    static final Set<String> PROMOTION_FIELDS = Set.of("services", "onFailure", "maxParallel", "force");
    static final Set<String> APPROVAL_FIELDS = Set.of("decision", "comment");
    private static final Set<String> COMMIT_FIELDS = Set.of("sha", "time");

    /** The environment of the release the path names; an unknown release is 404. */
    String environmentOfRelease(Context ctx) {
        return record(ctx.pathParam("id")).environment();
    }

    static String createTarget(Context ctx) {
        JsonNode body = ctx.attribute("slipway.body");
        JsonNode environment = body == null ? null : body.get("environment");
        return "release in " + (environment != null && environment.isString()
                ? Input.printable(environment.asString()) : "?");
    }

    static String releaseTarget(Context ctx) {
        return "release " + Input.printable(ctx.pathParam("id"));
    }

    // ---- the routes ------------------------------------------------------------------------------------------

    /** 201 with the release, now running; 422 when its plan is refused; 409 while another holds the environment. */
    void create(Context ctx) {
        JsonNode body = ctx.attribute("slipway.body");
        String environment = SpecRoutes.text(body, "environment");
        SpecRoutes.Targets targets = SpecRoutes.targets(body);
        ReleaseEngine.Options options = options(body, environment);
        Commit commit = commit(body);
        Releaser.Starter starter = starter(ctx, body);
        ReleaseService.Created created = act(() -> service().create(new ReleaseRequest(environment, targets.versions(),
                targets.digests()), options, commit, starter));
        answerCreated(ctx, created);
    }

    /** The environment a promotion's path names; it must be one of the served spec's. */
    String environmentOfPromotion(Context ctx) {
        JsonNode body = ctx.body().isBlank() ? Json.emptyObject() : Input.object(ctx, PROMOTION_FIELDS);
        ctx.attribute("slipway.body", body);
        String environment = Input.name("environment", ctx.pathParam("env"));
        if (service().spec().environment(environment).isEmpty()) {
            throw ApiProblem.notFound("environment \"" + environment + "\" is not in the served slipway.yaml");
        }
        return environment;
    }

    static String promotionTarget(Context ctx) {
        return "promotion to " + Input.printable(ctx.pathParam("env"));
    }

    /** 201 the release promoting what runs healthy in the source; 422 refused (its gates, or its plan). */
    void promote(Context ctx) {
        JsonNode body = ctx.attribute("slipway.body");
        String environment = ctx.pathParam("env");
        List<String> services = new ArrayList<>();
        JsonNode named = body.get("services");
        if (named != null && !named.isNull()) {
            if (!named.isArray()) {
                throw ApiProblem.badRequest("services must be an array of service names, e.g. [\"cart\"]");
            }
            for (JsonNode s : named) {
                if (!s.isString()) {
                    throw ApiProblem.badRequest("services must be an array of service names, e.g. [\"cart\"]");
                }
                services.add(Input.name("services", s.asString()));
            }
        }
        ReleaseEngine.Options options = options(body, environment);
        Releaser.Starter starter = starter(ctx, body);
        answerCreated(ctx, act(() -> service().promote(environment, services, options, starter)));
    }

    /**
     * 202 the release with the decision taken; 403 when the environment names its approvers and not this token's
     * name; 409 when it does not await approval, the person started it or already decided.
     */
    void approve(Context ctx) {
        String id = ctx.pathParam("id");
        JsonNode body = Input.object(ctx, APPROVAL_FIELDS);
        String decisionText = SpecRoutes.text(body, "decision");
        Approval.Decision decision = Approval.Decision.of(decisionText).orElseThrow(() ->
                ApiProblem.badRequest("decision must be approve or reject, got \"" + Input.printable(decisionText)
                        + "\""));
        JsonNode comment = body.get("comment");
        if (comment != null && !comment.isNull() && !comment.isString()) {
            throw ApiProblem.badRequest("comment must be a string");
        }
        Optional<String> said = comment == null || comment.isNull() ? Optional.empty()
                : Optional.of(Input.text("comment", comment.asString(), 1000));
        Principal principal = ctx.attribute(ApiAuth.PRINCIPAL);
        String name = principal == null ? ApiAuth.ANONYMOUS : principal.name();
        ApprovalDesk.Outcome outcome = act(() -> service().decide(id, who(ctx), name, decision, said));
        ctx.attribute(ApiAuth.AUDIT_TARGET, "release " + id + " (" + decision.keyword() + ")");
        Map<String, Object> node = new LinkedHashMap<>(Json.release(store.releases().find(id)
                .orElseThrow(() -> StoreRoutes.noRelease(id))));
        node.put("approval", Map.of("decision", decision.keyword(), "next", outcome.next().name()
                .toLowerCase(java.util.Locale.ROOT), "reason", outcome.reason()));
        ctx.status(202).contentType("application/json").result(Json.write(node));
    }

    /** Who starts the release, and an admin's override of failed gates ({@code "force": "reason"}). */
    private static Releaser.Starter starter(Context ctx, JsonNode body) {
        JsonNode force = body.get("force");
        if (force == null || force.isNull()) {
            return Releaser.Starter.of(who(ctx));
        }
        if (!force.isString() || force.asString().isBlank()) {
            throw ApiProblem.badRequest("force is the reason for overriding the environment's gates, e.g. "
                    + "\"hotfix for INC-42\"");
        }
        Principal principal = ctx.attribute(ApiAuth.PRINCIPAL);
        if (principal == null || principal.role() != Role.ADMIN) {
            throw ApiProblem.forbidden("only an admin may override the gates of an environment (force)");
        }
        return new Releaser.Starter(who(ctx), Optional.of(Input.text("force", force.asString(), 1000)));
    }

    void cancel(Context ctx) {
        accepted(ctx, (service, id, who) -> service.cancel(id, who));
    }

    void resume(Context ctx) {
        accepted(ctx, (service, id, who) -> service.resume(id, who));
    }

    /** A call on the release of the path, taken up by its engine: 202 with the release as it stands. */
    private void accepted(Context ctx, Call call) {
        String id = ctx.pathParam("id");
        act(() -> {
            call.on(service(), id, who(ctx));
            return null;
        });
        ctx.status(202);
        release(ctx, id);
    }

    private interface Call {
        void on(ReleaseService service, String release, String who);
    }

    /** A finished release is undone by a new release (201); an unfinished one is rolled back in place (202). */
    void rollback(Context ctx) {
        String id = ctx.pathParam("id");
        ReleaseService.Created created = act(() -> service().rollback(id, who(ctx)));
        if (created.release().isPresent() && created.release().get().id().equals(id)) {
            ctx.status(202);
            release(ctx, id);
            return;
        }
        answerCreated(ctx, created);
    }

    void report(Context ctx) {
        ReleaseRecord record = record(ctx.pathParam("id"));
        ctx.contentType("application/json").result(ReportJson.render(service().records().report(record)));
    }

    /**
     * The release's steps as server-sent events, from its first (or the one after {@code Last-Event-ID}) until it
     * ends. Each event's id is the step's sequence number in the journal, so a client that reconnects with the last
     * id it saw gets exactly the steps it missed, from whichever replica answers.
     */
    void events(Context ctx) throws IOException, InterruptedException {
        String id = ctx.pathParam("id");
        record(id);
        long after = lastEventId(ctx);
        ctx.res().setStatus(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no"); // nginx would otherwise hold events back
        OutputStream out = ctx.res().getOutputStream();
        DatabaseJournal journal = store.journal();
        long quietSince = System.nanoTime();
        write(out, "retry: 1000\n\n");
        while (true) {
            // the state is read before the steps: a release that had ended then has all its steps written
            boolean ended = service().records().load(id).map(ReleaseRecord::finished).orElse(true);
            List<Transition> steps = journal.readAfter(id, after);
            for (Transition step : steps) {
                write(out, "id: " + step.sequence() + "\nevent: step\ndata: " + Json.write(Json.transition(step))
                        + "\n\n");
                after = step.sequence();
            }
            if (!steps.isEmpty()) {
                quietSince = System.nanoTime();
            }
            if (ended && steps.isEmpty()) {
                ReleaseRecord record = service().records().require(id);
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("release", id);
                end.put("state", record.state());
                write(out, "event: end\ndata: " + Json.write(end) + "\n\n");
                return;
            }
            if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                write(out, ": keep-alive\n\n");
                quietSince = System.nanoTime();
            }
            service().events().await(id, after, LOOK_AGAIN);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static long lastEventId(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        String value = header != null ? header : ctx.queryParam("lastEventId");
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("Last-Event-ID must be the id of an event of this stream (a step's sequence "
                    + "number), got \"" + value + "\"");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private ReleaseService service() {
        if (service == null) {
            throw ApiProblem.unavailable("this server runs no releases: start it with `slipway serve --config "
                    + "slipway.yaml`");
        }
        return service;
    }

    private ReleaseRecord record(String id) {
        return (Input.id(id) ? service().records().load(id) : Optional.<ReleaseRecord>empty())
                .orElseThrow(() -> StoreRoutes.noRelease(id));
    }

    private void answerCreated(Context ctx, ReleaseService.Created created) {
        if (!created.unmet().isEmpty() && created.plan() instanceof dev.slipway.release.plan.Plan) {
            Map<String, Object> refused = new LinkedHashMap<>();
            refused.put("ok", false);
            refused.put("gates", dev.slipway.supply.gates.GateResult.toJson(created.gates()));
            ctx.status(422).contentType("application/json").result(Json.write(refused));
            return;
        }
        if (created.release().isEmpty()) {
            // refused (ranges, unknown services) or nothing to change: the plan says which, as POST /plans does
            boolean refused = !(created.plan() instanceof dev.slipway.release.plan.Plan);
            tools.jackson.databind.node.ObjectNode plan = (tools.jackson.databind.node.ObjectNode)
                    Json.MAPPER.readTree(PlanJson.render(created.plan()));
            plan.set("gates", dev.slipway.supply.gates.GateResult.toJson(created.gates()));
            ctx.status(refused ? 422 : 200).contentType("application/json").result(plan.toString());
            return;
        }
        String id = created.release().get().id();
        ctx.attribute(ApiAuth.AUDIT_TARGET, "release " + id);
        ctx.status(201).header("Location", "/api/v1/releases/" + id);
        Map<String, Object> node = new LinkedHashMap<>(Json.release(store.releases().find(id)
                .orElseThrow(() -> StoreRoutes.noRelease(id))));
        node.put("gates", dev.slipway.supply.gates.GateResult.toJson(created.gates()));
        ctx.contentType("application/json").result(Json.write(node));
    }

    private void release(Context ctx, String id) {
        ctx.contentType("application/json").result(Json.write(Json.release(store.releases().find(id)
                .orElseThrow(() -> StoreRoutes.noRelease(id)))));
    }

    /**
     * A state the release or its environment is in refuses the call: 409; a person the environment does not name as
     * an approver: 403; this replica does not lead: 503.
     */
    private <T> T act(Supplier<T> action) {
        try {
            return action.get();
        } catch (ReleaseService.NotLeading e) {
            throw ApiProblem.notLeading(e.getMessage() + leader.get().map(l -> " (" + l + ")").orElse("")
                    + "; send release calls to the leader, or retry: a new leader is elected within seconds");
        } catch (ApprovalDesk.NotAnApprover e) {
            // granted approve:ENV, and still not one of the people the environment names: not theirs to decide
            throw ApiProblem.forbidden(e.getMessage() + e.hint().map(h -> "; " + h).orElse(""));
        } catch (UserError e) {
            throw ApiProblem.conflict(e.getMessage() + e.hint().map(h -> "; " + h).orElse(""));
        }
    }

    private static String who(Context ctx) {
        Principal principal = ctx.attribute(ApiAuth.PRINCIPAL);
        return principal == null ? ApiAuth.ANONYMOUS : ApiAuth.actor(principal);
    }

    private ReleaseEngine.Options options(JsonNode body, String environment) {
        ReleaseEngine.Options options = ReleaseEngine.Options.DEFAULT;
        JsonNode onFailure = body.get("onFailure");
        OnFailure policy = service().spec().environment(environment).map(e -> e.onFailure())
                .orElse(OnFailure.ROLLBACK_DEPENDENTS);
        if (onFailure != null) {
            policy = (onFailure.isString() ? OnFailure.of(onFailure.asString()) : Optional.<OnFailure>empty())
                    .orElseThrow(() -> ApiProblem.badRequest("onFailure must be rollback-dependents, rollback-all "
                            + "or pause"));
        }
        options = options.withOnFailure(policy);
        JsonNode maxParallel = body.get("maxParallel");
        if (maxParallel != null) {
            if (!maxParallel.isInt() || maxParallel.asInt() < 0) {
                throw ApiProblem.badRequest("maxParallel must be a whole number ≥ 0 (0: no limit)");
            }
            options = options.withMaxParallel(maxParallel.asInt());
        }
        JsonNode gates = body.get("gates");
        if (gates != null) {
            if (!gates.isArray()) {
                throw ApiProblem.badRequest("gates must be an array of service names, e.g. [\"catalog\"]");
            }
            Set<String> services = new LinkedHashSet<>();
            List<String> unknown = new ArrayList<>();
            for (JsonNode gate : gates) {
                if (!gate.isString()) {
                    throw ApiProblem.badRequest("gates must be an array of service names, e.g. [\"catalog\"]");
                }
                services.add(Input.name("gates", gate.asString()));
                if (service().spec().service(gate.asString()).isEmpty()) {
                    unknown.add(gate.asString());
                }
            }
            if (!unknown.isEmpty()) {
                throw ApiProblem.invalidRequest("gates name services that are not in the served slipway.yaml: "
                        + String.join(", ", unknown), List.of());
            }
            options = options.withManualGates(services);
        }
        return options;
    }

    private static Commit commit(JsonNode body) {
        JsonNode commit = body.get("commit");
        if (commit == null) {
            return Commit.NONE;
        }
        if (!commit.isObject()) {
            throw ApiProblem.badRequest("commit must be an object {\"sha\": \"...\", \"time\": \"...\"}");
        }
        Input.onlyFields(commit, "commit.", COMMIT_FIELDS);
        JsonNode sha = commit.get("sha");
        JsonNode time = commit.get("time");
        try {
            return Commit.parse(sha != null && sha.isString() ? Input.text("commit.sha", sha.asString(), 64) : null,
                    time != null && time.isString() ? Input.text("commit.time", time.asString(), 64) : null,
                    "commit.sha", "commit.time");
        } catch (UserError e) {
            throw ApiProblem.badRequest(e.getMessage() + e.hint().map(h -> "; " + h).orElse(""));
        }
    }
}
