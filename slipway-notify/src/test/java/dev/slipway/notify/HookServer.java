package dev.slipway.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on a free local port: records every request (headers, raw body, arrival time) and answers
 * with the scripted answers in order, then with the standing one (200 unless told otherwise); it can be told to
 * hold its answers until a latch opens.
 */
final class HookServer implements AutoCloseable {

    record Request(String path, Headers headers, byte[] body, long arrivedNanos) {

        String header(String name) {
            return headers.getFirst(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {

        static Answer of(int status) {
            return new Answer(status, Map.of(), "");
        }

        static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body);
        }

        Answer header(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, Map.copyOf(more), body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> script = new ArrayDeque<>();
    private Answer standing = Answer.of(200, "ok");
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private HookServer(HttpServer server) {
        this.server = server;
    }

    static HookServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HookServer hooks = new HookServer(http);
        http.createContext("/", hooks::handle);
        http.setExecutor(hooks.executor);
        http.start();
        return hooks;
    }

    /** Answers the next requests with these, in order. */
    synchronized HookServer answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Answers every request after the scripted ones with this. */
    synchronized HookServer always(Answer answer) {
        standing = answer;
        return this;
    }

    /** Answers nothing until {@code latch} is released. */
    void holdUntil(CountDownLatch latch) {
        hold = latch;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private synchronized Answer next() {
        Answer next = script.poll();
        return next != null ? next : standing;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Headers headers = new Headers();
        headers.putAll(exchange.getRequestHeaders());
        requests.add(new Request(exchange.getRequestURI().toString(), headers, body, arrived));
        Answer answer = next();
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
