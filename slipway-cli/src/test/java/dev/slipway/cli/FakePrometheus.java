package dev.slipway.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        server.createContext("/api/v1/query", this::answer);
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
        String query = "";
        for (String pair : form.split("&")) {
            if (pair.startsWith("query=")) {
                query = URLDecoder.decode(pair.substring("query=".length()), StandardCharsets.UTF_8);
            }
        }
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
        String result = value == null ? "" : "{\"metric\":{},\"value\":[1700000000,\"" + value + "\"]}";
        byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
