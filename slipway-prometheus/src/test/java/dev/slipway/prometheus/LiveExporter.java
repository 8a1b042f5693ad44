package dev.slipway.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves {@code /metrics} in the Prometheus text format on a free local port, from counters that grow with the clock
 * as a client library's would: {@code millis} after the start each track has served its requests per second so far.
 */
final class LiveExporter implements AutoCloseable {

    private final HttpServer server;
    final Instant started;

    private LiveExporter(HttpServer server, Instant started) {
        this.server = server;
        this.started = started;
    }

    static LiveExporter start(List<TrackTraffic> traffic) {
        Instant started = Instant.now();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/metrics", exchange -> {
                byte[] body = exposition(traffic, Duration.between(started, Instant.now()).toMillis())
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new LiveExporter(server, started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a client library would expose {@code millis} after the start: one family after the other. */
    static String exposition(List<TrackTraffic> traffic, long millis) {
        List<String> lines = new ArrayList<>();
        lines.add("# TYPE http_requests_total counter");
        traffic.forEach(t -> lines.addAll(t.requestLines(millis, "")));
        lines.add("# TYPE http_request_duration_seconds histogram");
        traffic.forEach(t -> lines.addAll(t.latencyLines(millis, "")));
        return String.join("\n", lines) + "\n";
    }

    /** A prometheus.yml scraping this exporter every {@code interval}. */
    String config(Duration interval) {
        return """
                global:
                  scrape_interval: %1$ds
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: shop
                    static_configs:
                      - targets: ["127.0.0.1:%2$d"]
                """.formatted(interval.toSeconds(), server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
