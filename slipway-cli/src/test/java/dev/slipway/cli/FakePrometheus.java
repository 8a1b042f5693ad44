package dev.slipway.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Prometheus's query API (the real one is tested in slipway-prometheus): every track served 1000
 * requests in any window, in 50 ms; the canary failed {@link #canaryErrorShare} of them, the others none (no 5xx
 * series at all). Records the queries it was asked.
 */
final class FakePrometheus implements AutoCloseable {

    final List<String> queries = new CopyOnWriteArrayList<>();
    volatile double canaryErrorShare;
    private final HttpServer server;

    private FakePrometheus(HttpServer server) {
        this.server = server;
        server.createContext("/api/v1/query", this::answer); // query_range too: contexts match by prefix
        server.start();
    }

    static FakePrometheus start() {
        try {
            return new FakePrometheus(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1),
                        StandardCharsets.UTF_8));
            }
        }
        String query = fields.getOrDefault("query", "");
        queries.add(query);
        String value;
        if (query.contains("histogram_quantile")) {
            value = "50";
        } else if (query.contains("code=~\"5..\"")) {
            double errors = query.contains("slipway_dev_track=\"canary\"") ? canaryErrorShare * 1000 : 0;
            value = errors > 0 ? Double.toString(errors) : null;
        } else {
            value = "1000";
        }
        String data;
        if (exchange.getRequestURI().getPath().endsWith("/query_range")) {
            // every step of the range counts the same window: the judges' per-interval series
            long start = millis(fields.get("start"));
            long end = millis(fields.get("end"));
            long step = millis(fields.get("step"));
            StringBuilder points = new StringBuilder();
            for (long t = start; t <= end && value != null; t += step) {
                points.append(points.isEmpty() ? "" : ",").append("[")
                        .append(java.math.BigDecimal.valueOf(t, 3).toPlainString()).append(",\"").append(value)
                        .append("\"]");
            }
            String result = value == null ? "" : "{\"metric\":{},\"values\":[" + points + "]}";
            data = "{\"resultType\":\"matrix\",\"result\":[" + result + "]}";
        } else {
            String result = value == null ? "" : "{\"metric\":{},\"value\":[1700000000,\"" + value + "\"]}";
            data = "{\"resultType\":\"vector\",\"result\":[" + result + "]}";
        }
        byte[] body = ("{\"status\":\"success\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Seconds as Prometheus takes them ("1700000000.25"), in milliseconds. */
    private static long millis(String seconds) {
        return new java.math.BigDecimal(seconds).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValue();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
