package dev.slipway.server;

import dev.slipway.store.Store;
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

    private final Store store;
    private final Consumer<String> log;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String openApi = openApiDocument();
    private Javalin app;

    /** @param log takes the server's structured log, a line at a time (one JSON object per request) */
    public SlipwayServer(Store store, Consumer<String> log) {
        this.store = Objects.requireNonNull(store, "store");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Starts serving on {@code port} of every interface (0: a free port, see {@link #port()}). */
    public synchronized SlipwayServer start(int port) {
        if (app != null) {
            throw new IllegalStateException("the server is already started, on port " + port());
        }
        SpecRoutes spec = new SpecRoutes(store);
        StoreRoutes stored = new StoreRoutes(store);
        app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.requestLogger.http(this::requestDone);

            cfg.routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"up\"}"));
            cfg.routes.get("/readyz", this::ready);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            cfg.routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            cfg.routes.post("/api/v1/systems/validate", spec::validate);
            cfg.routes.post("/api/v1/systems/graph", spec::graph);
            cfg.routes.post("/api/v1/plans", spec::plan);
            cfg.routes.get("/api/v1/environments/{env}/inventory", stored::inventory);
            cfg.routes.get("/api/v1/history", stored::history);
            cfg.routes.get("/api/v1/releases", stored::releases);
            cfg.routes.get("/api/v1/releases/{id}", stored::release);

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
        String method = ctx.method().name();
        int status = ctx.statusCode();
        Timer.builder("slipway.api.requests")
                .description("HTTP requests the API answered, by route, method and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(metrics)
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("method", method);
        line.put("path", ctx.path());
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
