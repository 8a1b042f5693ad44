import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.BitSet;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Follows a release's server-sent events (GET /api/v1/releases/{id}/events) until the end event, and checks that
 * every step was seen exactly once: step ids must be 0, 1, 2, ... with no gap and no repeat. When the connection
 * drops (or, with a drop interval, when this client hangs up on purpose to exercise the path) it reconnects with
 * Last-Event-ID: the last id seen, so the server sends only the steps after it.
 *
 * <p>Prints one line: {@code events: N, duplicates: D, gaps: G, reconnects: R, end seen|end NOT seen}; exits 0 only
 * when there are no duplicates, no gaps and the end was seen.
 *
 * <p>Usage: java bench/SseClient.java BASE_URL RELEASE_ID TOKEN [--drop-every N] [--timeout-s S]
 */
public class SseClient {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String release = args[1];
        String token = args[2];
        int dropEvery = 0;
        long timeoutSeconds = 1800;
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--drop-every" -> dropEvery = Integer.parseInt(args[++i]);
                case "--timeout-s" -> timeoutSeconds = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(base + "/api/v1/releases/" + release + "/events");
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;

        BitSet seen = new BitSet();
        long events = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long reconnects = 0;
        long lastId = -1;
        boolean end = false;
        String endData = null;
        int connections = 0;

        while (!end && System.nanoTime() < deadline) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + token);
            if (lastId >= 0) {
                request.header("Last-Event-ID", Long.toString(lastId));
            }
            if (connections++ > 0) {
                reconnects++;
            }
            int sinceConnect = 0;
            try {
                HttpResponse<Stream<String>> response = client.send(request.build(),
                        HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    System.err.println("sse: HTTP " + response.statusCode() + ", retrying");
                    response.body().close();
                    Thread.sleep(1000);
                    continue;
                }
                try (Stream<String> lines = response.body()) {
                    String id = null;
                    String event = null;
                    StringBuilder data = new StringBuilder();
                    for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                        String line = it.next();
                        if (line.isEmpty()) { // dispatch
                            if ("end".equals(event)) {
                                end = true;
                                endData = data.toString();
                                break;
                            }
                            if (id != null && (event == null || "step".equals(event))) {
                                int n = Integer.parseInt(id);
                                events++;
                                if (seen.get(n)) {
                                    duplicates++;
                                } else {
                                    seen.set(n);
                                }
                                if (n != lastId + 1) {
                                    outOfOrder++;
                                }
                                lastId = Math.max(lastId, n);
                                sinceConnect++;
                            }
                            id = null;
                            event = null;
                            data.setLength(0);
                            if (dropEvery > 0 && sinceConnect >= dropEvery) {
                                break; // hang up on purpose: the next connection must resume after lastId
                            }
                            continue;
                        }
                        if (line.startsWith(":")) {
                            continue;
                        }
                        int colon = line.indexOf(':');
                        String field = colon < 0 ? line : line.substring(0, colon);
                        String value = colon < 0 ? "" : line.substring(colon + 1);
                        if (value.startsWith(" ")) {
                            value = value.substring(1);
                        }
                        switch (field) {
                            case "id" -> id = value;
                            case "event" -> event = value;
                            case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                            default -> { }
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println("sse: connection dropped (" + e + "), reconnecting after id " + lastId);
                Thread.sleep(200);
            }
        }
        // ids must be exactly 0..lastId
        long gaps = lastId + 1 - seen.cardinality();
        System.out.println("events: " + events + ", duplicates: " + duplicates + ", gaps: " + gaps
                + ", out of order: " + outOfOrder + ", reconnects: " + reconnects + ", "
                + (end ? "end seen " + endData : "end NOT seen"));
        System.exit(duplicates == 0 && gaps == 0 && end ? 0 : 1);
    }
}
