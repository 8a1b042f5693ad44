package dev.slipway.supply.gitops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real Git server for the tests: Git's own smart-HTTP server, {@code git http-backend}, run as a CGI program
 * behind the JDK's HTTP server on an ephemeral loopback port, with HTTP basic authentication. Repositories are
 * bare repositories under {@code root}. {@link #beforeNextPushAdvertisement} runs once, just before the server
 * tells the next pusher where its branches stand: a commit made there lands between a client's fetch and its push.
 */
public final class GitHttpServer implements AutoCloseable {

    static final String HTTP_BACKEND = "/usr/lib/git-core/git-http-backend";

    private final HttpServer server;
    private final Path root;
    private final String user;
    private final String password;
    private final AtomicReference<Runnable> beforePush = new AtomicReference<>();
    /** Every request line and Authorization header the server saw, to show what crossed the wire. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    private GitHttpServer(Path root, String user, String password) throws IOException {
        this.root = root;
        this.user = user;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server for the bare repositories under {@code root} that lets in only {@code user}:{@code password}. */
    public static GitHttpServer start(Path root, String user, String password) throws IOException {
        if (!Files.isExecutable(Path.of(HTTP_BACKEND))) {
            throw new AssertionError(HTTP_BACKEND + " is missing: install Git (apt-get install -y git); "
                    + "scripts/test.sh does it");
        }
        return new GitHttpServer(root, user, password);
    }

    /** A server that asks for no credentials (any pusher is let in). */
    public static GitHttpServer withoutAuthentication(Path root) throws IOException {
        return start(root, null, null);
    }

    public String url(String repository) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
    }

    public void beforeNextPushAdvertisement(Runnable action) {
        beforePush.set(action);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getOrDefault("Authorization", List.of()));
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if ("service=git-receive-pack".equals(query)) {
                Runnable action = beforePush.getAndSet(null);
                if (action != null) {
                    action.run();
                }
            }
            cgi(exchange, query);
        }
    }

    private boolean authorized(String header) {
        if (user == null) {
            return true;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return expected.equals(header);
    }

    /** Runs git http-backend with the request as CGI says: meta-variables in the environment, the body on stdin. */
    private void cgi(HttpExchange exchange, String query) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        ProcessBuilder builder = new ProcessBuilder(HTTP_BACKEND);
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REMOTE_USER", user == null ? "anonymous" : user); // http-backend lets only an authenticated user push
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("CONTENT_LENGTH", String.valueOf(body.length));
        putHeader(exchange, env, "Content-Type", "CONTENT_TYPE");
        putHeader(exchange, env, "Content-Encoding", "HTTP_CONTENT_ENCODING");
        putHeader(exchange, env, "Git-Protocol", "GIT_PROTOCOL");
        Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(body);
        }
        try (InputStream out = process.getInputStream()) {
            ByteArrayOutputStream headers = new ByteArrayOutputStream();
            int status = 200;
            String line;
            while (!(line = readLine(out, headers)).isEmpty()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream response = exchange.getResponseBody()) {
                out.transferTo(response);
            }
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void putHeader(HttpExchange exchange, Map<String, String> env, String header, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream buffer) throws IOException {
        buffer.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                buffer.write(b);
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
