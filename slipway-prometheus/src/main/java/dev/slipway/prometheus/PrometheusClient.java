package dev.slipway.prometheus;

import dev.slipway.model.PrometheusSettings;
import dev.slipway.release.cluster.MetricsUnavailableException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;

/**
 * The Prometheus HTTP API as the metrics need it: instant and range queries, each bounded by the timeout and tried
 * again after a connection error, a timeout, a 5xx or a 429, with exponential backoff and jitter, up to
 * {@code retries} more times. Any other refusal (a 400 for a bad query, a 401) is final at once: asking again would
 * get the same answer. Whatever fails is a {@link MetricsUnavailableException} that carries Prometheus's own
 * explanation but never the bearer token.
 */
final class PrometheusClient implements AutoCloseable {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final URI base;
    private final String shown;
    private final Duration timeout;
    private final int retries;
    private final Optional<String> tokenVariable;
    private final Function<String, String> environment;
    private final HttpClient http;

    /** @param environment looks up the bearer token's environment variable; null for an unset one */
    PrometheusClient(PrometheusSettings settings, Function<String, String> environment) {
        String url = settings.url().orElseThrow(() -> new IllegalArgumentException("metrics.prometheus.url is not "
                + "set"));
        this.base = parse(url);
        this.shown = shown(base);
        if (!settings.timeout().isPositive() || settings.retries() < 0) {
            throw new IllegalArgumentException("metrics.prometheus: timeout must be positive and retries at least 0, "
                    + "got " + settings.timeout() + " and " + settings.retries());
        }
        this.timeout = settings.timeout();
        this.retries = settings.retries();
        this.tokenVariable = settings.bearerTokenEnv();
        this.environment = environment;
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with a plain-HTTP Prometheus
        ServerTrust.context(settings.caFile(), settings.insecureSkipVerify()).ifPresent(http::sslContext);
        this.http = http.build();
    }

    /** The server as messages name it: no user info (it could hold a password), no query. */
    String server() {
        return shown;
    }

    /** An instant query evaluated at {@code at}, or at the server's now when it is empty. */
    QueryResponse instant(String query, Optional<Instant> at) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        at.ifPresent(t -> form.put("time", seconds(t)));
        form.put("timeout", QueryTemplate.duration(timeout));
        return send("api/v1/query", form, query);
    }

    /** A range query evaluated at start, start + step, ... up to end. */
    QueryResponse range(String query, Instant start, Instant end, Duration step) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        form.put("start", seconds(start));
        form.put("end", seconds(end));
        form.put("step", BigDecimal.valueOf(step.toMillis(), 3).toPlainString());
        form.put("timeout", QueryTemplate.duration(timeout));
        return send("api/v1/query_range", form, query);
    }

    private QueryResponse send(String path, Map<String, String> form, String query) {
        Optional<String> token = token();
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        HttpRequest request = builder.build();
        String failure;
        Exception cause = null;
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return QueryResponse.parse(response.body());
                }
                failure = "HTTP " + status + QueryResponse.error(response.body()).map(e -> " " + e)
                        .orElse(response.body().isBlank() ? "" : " " + QueryResponse.abbreviate(response.body()));
                cause = null; // an answer, not an exception, is what failed this attempt
                if (status != 429 && status < 500) {
                    throw new MetricsUnavailableException(redact("Prometheus at " + shown + " refused the query ("
                            + failure + "): " + query, token));
                }
            } catch (HttpConnectTimeoutException e) {
                failure = "no connection within " + QueryTemplate.duration(timeout);
                cause = e;
            } catch (HttpTimeoutException e) {
                failure = "no answer within " + QueryTemplate.duration(timeout);
                cause = e;
            } catch (SSLHandshakeException e) {
                // a certificate that is not trusted now will not be trusted on the next attempt either
                throw new MetricsUnavailableException("Prometheus at " + shown + " failed the TLS handshake: "
                        + e.getMessage() + " (metrics.prometheus.caFile names the CA that signed its certificate)", e);
            } catch (ConnectException e) {
                failure = "connection refused";
                cause = e;
            } catch (IOException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MetricsUnavailableException("interrupted while asking Prometheus at " + shown, e);
            }
            if (attempt == retries) {
                throw new MetricsUnavailableException(redact("Prometheus at " + shown + " did not answer"
                        + (retries == 0 ? "" : " after " + (retries + 1) + " attempts") + ": " + failure, token), cause);
            }
            backoff(attempt);
        }
    }

    /**
     * The token from its environment variable, read at each query so that a missing one is reported where it is
     * needed. Only visible ASCII may travel in a header; a trailing line break (a token file read into the variable)
     * is forgiven.
     */
    private Optional<String> token() {
        if (tokenVariable.isEmpty()) {
            return Optional.empty();
        }
        String name = tokenVariable.get();
        String value = environment.apply(name);
        if (value == null || value.isBlank()) {
            throw new MetricsUnavailableException("the bearer token for Prometheus is missing: environment variable "
                    + name + " (metrics.prometheus.bearerTokenEnv) is " + (value == null ? "not set" : "empty"));
        }
        String token = value.strip();
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new MetricsUnavailableException("environment variable " + name + " (metrics.prometheus."
                    + "bearerTokenEnv) holds characters an HTTP header cannot carry, e.g. a space or a line break");
        }
        return Optional.of(token);
    }

    /** Prometheus's or a proxy's words are quoted in messages; should one ever echo the token, it is cut out. */
    private static String redact(String message, Optional<String> token) {
        return token.map(t -> message.replace(t, "[bearer token]")).orElse(message);
    }

    /** Exponential, capped, with "equal jitter": half the delay fixed, half random, so retries do not march in step. */
    private static void backoff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 20));
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsUnavailableException("interrupted while waiting to ask Prometheus again", e);
        }
    }

    private static String seconds(Instant at) {
        return BigDecimal.valueOf(at.toEpochMilli(), 3).toPlainString();
    }

    /** The base URL with a trailing slash, so that the API paths resolve below a path prefix such as /prometheus. */
    private static URI parse(String url) {
        try {
            URI uri = new URI(url.endsWith("/") ? url : url + "/");
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("the Prometheus URL must be http:// or https:// with a host, got "
                        + shown(uri));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the Prometheus URL is not a valid URL: " + e.getReason());
        }
    }

    private static String shown(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
