package dev.slipway.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for the Prometheus HTTP API where a real one cannot be made to misbehave on cue: it records every
 * request (path, form, Authorization header) and answers what the test says, after an optional delay.
 */
final class PrometheusStub implements AutoCloseable {

    record Request(String path, Map<String, String> form, Optional<String> authorization) {
        String query() {
            return form.getOrDefault("query", "");
        }
    }

    record Answer(int status, String body, Duration delay) {
        Answer(int status, String body) {
            this(status, body, Duration.ZERO);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Function<Request, Answer> answers = r -> vector("1");

    private PrometheusStub(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static PrometheusStub http() {
        try {
            return new PrometheusStub(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PrometheusStub https(SSLContext tls) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new PrometheusStub(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(Function<Request, Answer> answers) {
        this.answers = answers;
    }

    /** An instant vector of one series without labels; "none" for no series at all. */
    static Answer vector(String value) {
        String result = value.equals("none") ? "" : "{\"metric\":{},\"value\":[1700000000.123,\"" + value + "\"]}";
        return new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result
                + "]}}");
    }

    /** A range vector of one series: unix seconds to value; empty for no series. */
    static Answer matrix(Map<Long, String> points) {
        String values = points.entrySet().stream().map(e -> "[" + e.getKey() + ",\"" + e.getValue() + "\"]")
                .collect(Collectors.joining(","));
        String result = points.isEmpty() ? "" : "{\"metric\":{},\"values\":[" + values + "]}";
        return new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + result
                + "]}}");
    }

    static Answer error(int status, String type, String message) {
        return new Answer(status, "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message
                + "\"}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestURI().getPath(), form(body),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
        requests.add(request);
        Answer answer = answers.apply(request);
        try {
            Thread.sleep(answer.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGaveUp) {
            // a client that timed out has closed the connection; nothing to tell it
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
