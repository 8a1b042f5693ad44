package dev.slipway.server;

import dev.slipway.run.ReleaseService;
import dev.slipway.store.auth.Action;
import java.util.Optional;
import java.util.function.Supplier;

import dev.slipway.release.time.Clock;
import dev.slipway.store.Store;
import dev.slipway.store.Authenticator;
import dev.slipway.store.auth.Authorizer;
import dev.slipway.store.auth.FailedAuthentications;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Slipway's HTTP server: the REST API under {@code /api/v1} (described by the OpenAPI document it serves at
 * {@code /api/v1/openapi.json}), health and readiness probes, and Prometheus metrics of its own requests.
 * Reads the {@link Store}; it never closes it (whoever opened the store does).
 */
public final class SlipwayServer implements AutoCloseable {

    /** The largest request body accepted; a slipway.yaml of hundreds of services is far below it. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    static final String OPENAPI_RESOURCE = "openapi.json";

    /** The method label's values: any other method a client invents counts as {@code other}, not a series of its own. */
    static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");

    /**
     * How long a valid token is taken on trust without the database: the load benchmark's reads would otherwise
     * hash and look up each call. A token revoked on another replica works here for at most this long.
     */
    static final Duration REMEMBER_TOKENS = Duration.ofSeconds(5);

    private final Store store;
    private final Optional<ReleaseService> releases;
    private final Supplier<Optional<String>> leader;
    private final Consumer<String> log;
    private final InstantSource clock;
    private final FailedAuthentications failures;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String openApi = openApiDocument();
    private Javalin app;
    private HeavyWork heavy;
    private ApiAuth auth;
    private List<String> trustedProxies = List.of();
    private Optional<java.nio.file.Path> specFile = Optional.empty();

    /** @param log takes the server's structured log, a line at a time (one JSON object per request) */
    public SlipwayServer(Store store, Consumer<String> log) {
        this(store, log, InstantSource.system(), null);
    }

    /**
     * A server that runs releases with {@code releases} (while it leads).
     *
     * @param leader the identity of the leading replica, as last seen (empty: unknown, or this one)
     */
    public SlipwayServer(Store store, ReleaseService releases, Supplier<Optional<String>> leader,
                         Consumer<String> log) {
        this(store, Optional.of(releases), leader, log, InstantSource.system(), null);
    }

    /**
     * @param clock    the time of audit rows, created and revoked tokens, the end of DORA windows and of the failure
     *                 limiter's counting
     * @param failures the per-address limit of failed authentications; null for {@link FailedAuthentications#standard}
     */
    public SlipwayServer(Store store, Consumer<String> log, InstantSource clock, FailedAuthentications failures) {
        this(store, Optional.empty(), Optional::empty, log, clock, failures);
    }

    /** @param releases what runs releases; without it, the release routes answer 503 */
    public SlipwayServer(Store store, Optional<ReleaseService> releases, Supplier<Optional<String>> leader,
                         Consumer<String> log, InstantSource clock, FailedAuthentications failures) {
        this.store = Objects.requireNonNull(store, "store");
        this.releases = releases;
        this.leader = leader;
        releases.ifPresent(r -> r.observe(new ReleaseMetrics(metrics)));
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failures = failures != null ? failures : FailedAuthentications.standard(limiterClock(clock));
    }

    /** The limiter only asks the time; it never schedules anything. */
    static Clock limiterClock(InstantSource clock) {
        return new Clock() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public Timer after(Duration delay, Runnable action) {
                throw new UnsupportedOperationException("the failure limiter only reads the time");
            }
        };
    }

    /**
     * Believes {@code X-Forwarded-For} from these TCP peers (exact addresses): the proxies in front of the server.
     * Call before {@link #start}.
     */
    public synchronized SlipwayServer trustProxies(List<String> addresses) {
        this.trustedProxies = List.copyOf(addresses);
        return this;
    }

    /** The slipway.yaml the UI's builder reads and writes ({@link SpecFileRoutes}); call before {@link #start}. */
    public synchronized SlipwayServer editing(java.nio.file.Path file) {
        specFile = Optional.of(file);
        return this;
    }

    /** Starts serving on {@code port} of every interface (0: a free port, see {@link #port()}). */
    public synchronized SlipwayServer start(int port) {
        if (app != null) {
            throw new IllegalStateException("the server is already started, on port " + port());
        }
        SpecRoutes spec = new SpecRoutes(store);
        StoreRoutes stored = new StoreRoutes(store, clock);
        Authenticator authenticator = new Authenticator(store.tokens(), failures, clock, REMEMBER_TOKENS);
        TokenRoutes tokens = new TokenRoutes(store, clock, authenticator::forget, () -> {
            // a token may be granted an environment of the served spec, or one the store already knows
            java.util.Set<String> known = new java.util.TreeSet<>(stored.known());
            releases.ifPresent(r -> r.spec().environments().forEach(e -> known.add(e.name())));
            return known;
        });
        ReleaseRoutes running = new ReleaseRoutes(store, releases.orElse(null), leader);
        SupplyRoutes supply = new SupplyRoutes(store, clock);
        heavy = new HeavyWork();
        Authorizer authorizer = Authorizer.standard();
        auth = new ApiAuth(authenticator, authorizer, store.auditLog(), clock, new ClientAddress(trustedProxies));
        WhoAmIRoutes whoami = new WhoAmIRoutes(authorizer, releases.map(ReleaseService::spec));
        SpecFileRoutes specFiles = new SpecFileRoutes(specFile, store.auditLog(), clock, auth);
        RepositoryFileRoutes repository = new RepositoryFileRoutes(specFile);
        app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.requestLogger.http(this::requestDone);
            // what Jetty refuses before a route sees the request is a problem detail too, never its HTML page
            ProblemErrorHandler problems = new ProblemErrorHandler();
            cfg.jetty.modifyServer(server -> server.setErrorHandler(problems));
            cfg.jetty.modifyServletContextHandler(context -> {
                context.setErrorHandler(problems);
                context.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new RequestGate()), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            });
            UiAssets.serve(cfg);

            // Open without a token: probes and scrapers carry no credentials, and these answer nothing about
            // releases (liveness, database reachability, request counts by route template).
            cfg.routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"up\"}"));
            cfg.routes.get("/readyz", this::ready);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            // open too: a client needs the document to learn how to authenticate
            cfg.routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            // every other /api/v1 route goes through ApiAuth
            // the routes that spend CPU on what the caller sent run on their own bounded pool (HeavyWork)
            cfg.routes.post("/api/v1/systems/validate", auth.read(heavy.run(spec::validate, auth::source)));
            cfg.routes.post("/api/v1/systems/graph", auth.read(heavy.run(spec::graph, auth::source)));
            cfg.routes.post("/api/v1/systems/generate", auth.read(heavy.run(spec::generate, auth::source)));
            cfg.routes.post("/api/v1/systems/files", auth.read(heavy.run(repository::compare, auth::source)));
            cfg.routes.post("/api/v1/plans", auth.read(heavy.run(spec::plan, auth::source)));
            cfg.routes.get("/api/v1/environments", auth.read(stored::environments));
            cfg.routes.get("/api/v1/environments/{env}/inventory", auth.read(stored::inventory));
            cfg.routes.get("/api/v1/history", auth.read(stored::history));
            cfg.routes.get("/api/v1/releases", auth.read(stored::releases));
            cfg.routes.get("/api/v1/releases/{id}", auth.read(stored::release));
            cfg.routes.get("/api/v1/releases/{id}/events", auth.read(ctx -> running.events(ctx)));
            cfg.routes.get("/api/v1/releases/{id}/report", auth.read(ctx -> running.report(ctx)));
            cfg.routes.post("/api/v1/releases", auth.release(Action.CREATE_RELEASE, running::environmentOfCreate,
                    ctx -> running.create(ctx), ReleaseRoutes::createTarget));
            cfg.routes.post("/api/v1/releases/{id}/cancel", auth.release(Action.CANCEL_RELEASE,
                    running::environmentOfRelease, ctx -> running.cancel(ctx), ReleaseRoutes::releaseTarget));
            cfg.routes.post("/api/v1/releases/{id}/resume", auth.release(Action.RESUME_GATE,
                    running::environmentOfRelease, ctx -> running.resume(ctx), ReleaseRoutes::releaseTarget));
            cfg.routes.post("/api/v1/releases/{id}/rollback", auth.release(Action.ROLL_BACK,
                    running::environmentOfRelease, ctx -> running.rollback(ctx), ReleaseRoutes::releaseTarget));
            cfg.routes.post("/api/v1/releases/{id}/approvals", auth.release(Action.APPROVE_RELEASE,
                    running::environmentOfRelease, ctx -> running.approve(ctx), ReleaseRoutes::releaseTarget));
            cfg.routes.post("/api/v1/environments/{env}/promotions", auth.release(Action.CREATE_RELEASE,
                    running::environmentOfPromotion, ctx -> running.promote(ctx), ReleaseRoutes::promotionTarget));
            cfg.routes.post("/api/v1/builds", auth.record(Action.RECORD_BUILD, supply::recordBuild,
                    SupplyRoutes::buildTarget));
            cfg.routes.get("/api/v1/builds", auth.read(supply::builds));
            cfg.routes.get("/api/v1/can-i-deploy", auth.read(ctx -> supply.canIDeploy(ctx, releases
                    .map(ReleaseService::spec).orElseThrow(() -> ApiProblem.unavailable("this server has no "
                            + "slipway.yaml: start it with `slipway serve --config slipway.yaml`")))));
            cfg.routes.post("/api/v1/verifications", auth.record(Action.RECORD_BUILD, supply::recordVerification,
                    ctx -> "verification"));
            cfg.routes.get("/api/v1/dora", auth.read(stored::dora));
            cfg.routes.get("/api/v1/whoami", auth.read(whoami::whoami));
            cfg.routes.get("/api/v1/systems/spec", auth.read(specFiles::read));
            // a viewer is refused inside: the route audits every attempt itself
            cfg.routes.put("/api/v1/systems/spec", auth.read(specFiles::write));
            cfg.routes.get("/api/v1/tokens", auth.manageTokens(null, tokens::list, TokenRoutes::target));
            cfg.routes.post("/api/v1/tokens", auth.manageTokens("token-create", tokens::create, TokenRoutes::target));
            cfg.routes.delete("/api/v1/tokens/{id}",
                    auth.manageTokens("token-revoke", tokens::revoke, TokenRoutes::target));

            cfg.routes.exception(ApiProblem.class, (e, ctx) -> answer(ctx, e));
            // Javalin's own refusals (no such route, wrong method, body over the limit) in the same format
            cfg.routes.exception(HttpResponseException.class, (e, ctx) ->
                    answer(ctx, ApiProblem.of(e.getStatus(), title(e.getStatus()), e.getMessage())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                // a bug, not a user's mistake: the stack trace goes to the log, the client gets no internals
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                log.accept(trace.toString().stripTrailing());
                answer(ctx, ApiProblem.internal());
            });
        });
        app.start(port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every route the server answers, as {@code METHOD path} (the path with {@code {param}} placeholders). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .sorted().toList();
    }

    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
            heavy.close();
            try {
                auth.flush();
            } catch (RuntimeException e) { // the store closed first: the counts are lost, the stop goes on
                log.accept("{\"event\":\"warning\",\"message\":\"denied attempts not yet audited are lost: "
                        + e.getClass().getSimpleName() + "\"}");
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void ready(Context ctx) {
        if (!store.reachable()) {
            throw ApiProblem.unavailable("the database does not answer");
        }
        ctx.contentType("application/json").result("{\"status\":\"ready\"}");
    }

    private static void answer(Context ctx, ApiProblem problem) {
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status()).contentType("application/problem+json")
                .result(Json.write(Json.problem(problem, ctx.path())));
    }

    private static String title(int status) {
        return switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Content too large";
            default -> io.javalin.http.HttpStatus.forStatus(status).getMessage();
        };
    }

    /**
     * One log line and one timer sample per request. The route is the matched path template, so that ids in
     * paths do not make a time series each; a request that matched no route counts as {@code unmatched}. The
     * query string is left out of the log: it is the client's, and may one day carry something private.
     */
    private void requestDone(Context ctx, Float millis) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint == null || endpoint.path.isEmpty() ? "unmatched" : endpoint.path;
        String method = ctx.req().getMethod();
        String methodLabel = METHODS.contains(method) ? method : "other"; // a label may only take a known value
        int status = ctx.statusCode();
        Timer.builder("slipway.api.requests")
                .description("HTTP requests the API answered, by route, method and status")
                .tag("method", methodLabel).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(metrics)
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("method", Input.printable(method, 20));
        line.put("path", Input.printable(ctx.path(), 200));
        line.put("route", route);
        line.put("status", status);
        line.put("durationMs", Math.round(millis * 1000) / 1000.0);
        log.accept(Json.write(line));
    }

    private static String openApiDocument() {
        try (InputStream in = SlipwayServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
