package dev.slipway.prometheus;

import dev.slipway.model.PrometheusSettings;
import dev.slipway.release.Track;
import dev.slipway.release.cluster.Metrics;
import dev.slipway.release.cluster.MetricsUnavailableException;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The {@link Metrics} port over the Prometheus HTTP API. Each metric is a PromQL template ({@link MetricQueries},
 * overridable in slipway.yaml) rendered for one track of one service in the environment's namespace and evaluated
 * at the end of the window, over the window: {@code increase(...[window])} for counts, {@code histogram_quantile}
 * over the window's rate for latencies.
 *
 * <p>What counts as data: the requests query decides. No series, NaN, an infinity or no request at all is no data,
 * {@link TrafficSample#none()}, which a judge calls inconclusive. With requests, an errors query without a series
 * means no errors: the built-in one selects 5xx series, and a service that never failed has none. An errors value
 * that is NaN or infinite is not "no errors" either: the whole sample is no data. A latency without a finite value is
 * left empty. Errors above requests (each counter's increase is extrapolated on its own) are capped at requests.
 */
public final class PrometheusMetrics implements Metrics, AutoCloseable {

    private final PrometheusClient client;
    private final LabelNames labels;
    private final MetricQueries queries;
    private final MetricQueries intervalQueries;
    private final Map<String, String> namespaces;

    /**
     * @param settings    slipway.yaml's {@code metrics.prometheus}, with its url set
     * @param namespaces  the namespace of each environment the engine may name
     * @param environment looks up environment variables (the bearer token's); null for an unset one
     * @throws IllegalArgumentException for a missing or bad URL, an unreadable caFile, or a query or label override
     *                                  that cannot work; the message names the slipway.yaml key
     */
    public PrometheusMetrics(PrometheusSettings settings, Map<String, String> namespaces,
                             Function<String, String> environment) {
        this.labels = LabelNames.of(settings.labels());
        this.queries = MetricQueries.of(settings.queries());
        this.intervalQueries = MetricQueries.perInterval(settings.queries());
        this.namespaces = Map.copyOf(namespaces);
        this.client = new PrometheusClient(settings, environment);
    }

    public PrometheusMetrics(PrometheusSettings settings, Map<String, String> namespaces) {
        this(settings, namespaces, System::getenv);
    }

    /** The server's URL as messages show it (without user info). */
    public String server() {
        return client.server();
    }

    /**
     * Asks the server a trivial query, so that a release can refuse to start a canary it could never judge.
     *
     * @throws MetricsUnavailableException when it cannot answer now: down, wrong URL, token missing or refused
     */
    public void checkReachable() {
        client.instant("vector(1)", Optional.empty());
    }

    @Override
    public TrafficSample sample(String environment, String service, Track track, Instant from, Instant to) {
        return sample(environment, service, track, Optional.empty(), from, to);
    }

    /** The built-in queries with the version label in {@code {{selector}}}: one version's pods on the track. */
    @Override
    public TrafficSample versionSample(String environment, String service, Track track, String version,
                                       Instant from, Instant to) {
        return sample(environment, service, track, Optional.of(version), from, to);
    }

    @Override
    public List<TrafficSample> versionSeries(String environment, String service, Track track, String version,
                                             Instant from, Instant to, Duration resolution) {
        return series(environment, service, track, Optional.of(version), from, to, resolution);
    }

    private TrafficSample sample(String environment, String service, Track track, Optional<String> version,
                                 Instant from, Instant to) {
        Duration window = Duration.between(from, to);
        if (window.toMillis() <= 0) {
            return TrafficSample.none();
        }
        QueryTarget target = target(environment, service, track, version, window, version.isPresent());
        Optional<Double> requests = value(queries.requests(), target, to);
        if (!counted(requests)) {
            return TrafficSample.none(); // the other queries could not change that
        }
        return traffic(requests, value(queries.errors(), target, to),
                queries.latencyP50().flatMap(q -> value(q, target, to)),
                value(queries.latencyP95(), target, to), value(queries.latencyP99(), target, to));
    }

    /**
     * One range query per metric, stepping by {@code resolution} from the end of the first window to the end of the
     * last whole one; a last, shorter window (when the span is not a multiple of the resolution) is one more
     * {@link #sample}, since a range query has one window length. The built-in metrics count each window from the
     * counters' raw samples ({@link MetricQueries#PER_INTERVAL}), so windows shorter than two scrape intervals still
     * add up to all the requests; an overridden query is evaluated with {@code {{window}}} the resolution.
     */
    @Override
    public List<TrafficSample> series(String environment, String service, Track track, Instant from, Instant to,
                                      Duration resolution) {
        return series(environment, service, track, Optional.empty(), from, to, resolution);
    }

    private List<TrafficSample> series(String environment, String service, Track track, Optional<String> version,
                                       Instant from, Instant to, Duration resolution) {
        if (resolution.toMillis() <= 0 || resolution.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("resolution must be a positive number of milliseconds, got "
                    + resolution);
        }
        long whole = from.isBefore(to) ? Duration.between(from, to).dividedBy(resolution) : 0;
        List<TrafficSample> series = new ArrayList<>();
        if (whole > 0) {
            QueryTarget target = target(environment, service, track, version, resolution, version.isPresent());
            Instant first = from.plus(resolution);
            Instant last = from.plus(resolution.multipliedBy(whole));
            MetricQueries q = intervalQueries;
            Map<Instant, Double> requests = range(q.requests(), target, first, last, resolution);
            boolean any = requests.values().stream().anyMatch(v -> counted(Optional.of(v)));
            Map<Instant, Double> errors = any ? range(q.errors(), target, first, last, resolution) : Map.of();
            Map<Instant, Double> p50 = any && q.latencyP50().isPresent()
                    ? range(q.latencyP50().get(), target, first, last, resolution) : Map.of();
            Map<Instant, Double> p95 = any ? range(q.latencyP95(), target, first, last, resolution) : Map.of();
            Map<Instant, Double> p99 = any ? range(q.latencyP99(), target, first, last, resolution) : Map.of();
            for (long k = 1; k <= whole; k++) {
                Instant end = Instant.ofEpochMilli(from.plus(resolution.multipliedBy(k)).toEpochMilli());
                series.add(traffic(at(requests, end), at(errors, end), at(p50, end), at(p95, end), at(p99, end)));
            }
        }
        Instant covered = from.plus(resolution.multipliedBy(whole));
        if (covered.isBefore(to)) {
            series.add(sample(environment, service, track, version, covered, to));
        }
        return series;
    }

    @Override
    public boolean answersQueries() {
        return true;
    }

    /**
     * A user-defined metric: its template rendered for the track (and version) over [from, to), evaluated at
     * {@code to}. It must give one number: no series, NaN or an infinity is empty; several series are refused.
     */
    @Override
    public OptionalDouble query(String environment, String service, Track track, String version, String template,
                                Instant from, Instant to) {
        Duration window = Duration.between(from, to);
        if (window.toMillis() <= 0) {
            return OptionalDouble.empty();
        }
        String query;
        try {
            query = QueryTemplate.render(template, labels,
                    target(environment, service, track, Optional.ofNullable(version), window, false));
        } catch (IllegalArgumentException e) {
            throw new MetricsUnavailableException("a metric's query cannot be rendered: " + e.getMessage(), e);
        }
        Optional<Double> value = client.instant(query, Optional.of(to)).single(query);
        return value.filter(Double::isFinite).map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    @Override
    public void close() {
        client.close();
    }

    /** The rule of the class comment, for one window: requests decide whether there is data at all. */
    static TrafficSample traffic(Optional<Double> requests, Optional<Double> errors, Optional<Double> p50,
                                 Optional<Double> p95, Optional<Double> p99) {
        if (!counted(requests) || errors.isPresent() && !(Double.isFinite(errors.get()) && errors.get() > -0.5)) {
            return TrafficSample.none();
        }
        long count = Math.round(requests.get());
        long failed = Math.min(count, errors.map(Math::round).orElse(0L));
        return new TrafficSample(count, failed, latency(p50), latency(p95), latency(p99));
    }

    /** At least one request, rounded (increase() extrapolates, so counts come back as fractions). */
    private static boolean counted(Optional<Double> requests) {
        return requests.isPresent() && Double.isFinite(requests.get()) && Math.round(requests.get()) >= 1;
    }

    private static OptionalDouble latency(Optional<Double> millis) {
        return millis.filter(v -> Double.isFinite(v) && v >= 0).map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    private static Optional<Double> at(Map<Instant, Double> points, Instant end) {
        return Optional.ofNullable(points.get(end));
    }

    private Optional<Double> value(String template, QueryTarget target, Instant at) {
        String query = QueryTemplate.render(template, labels, target);
        return client.instant(query, Optional.of(at)).single(query);
    }

    private Map<Instant, Double> range(String template, QueryTarget target, Instant first, Instant last,
                                       Duration step) {
        String query = QueryTemplate.render(template, labels, target);
        return client.range(query, first, last, step).points(query);
    }

    private QueryTarget target(String environment, String service, Track track, Optional<String> version,
                               Duration window, boolean byVersion) {
        String namespace = namespaces.get(environment);
        if (namespace == null) {
            throw new IllegalArgumentException("no namespace known for environment " + environment + "; known: "
                    + namespaces.keySet());
        }
        return new QueryTarget(service, namespace, track, version, window, byVersion);
    }
}
