package dev.slipway.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One event on its way to one receiver: the same body and delivery id on every attempt (so a receiver can drop a
 * repeat), retried on connection errors, 5xx and 429, given up on any other answer or after the last attempt.
 * It ends exactly once: delivered, or with one warning.
 */
final class Delivery {

    /** How much of a receiver's refusal a warning quotes: enough for Slack's "invalid_payload" and the like. */
    private static final int QUOTED = 200;

    private final Receiver receiver;
    private final ReleaseEvent event;
    private final HttpRequest request;
    private final HttpClient client;
    private final ScheduledExecutorService executor;
    private final Notifier.Options options;
    private final Consumer<String> warnings;
    private final Consumer<Delivery> ended;
    private final AtomicBoolean over = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    Delivery(Receiver receiver, ReleaseEvent event, HttpClient client, ScheduledExecutorService executor,
             Notifier.Options options, Consumer<String> warnings, Consumer<Delivery> ended) {
        this.receiver = receiver;
        this.event = event;
        this.client = client;
        this.executor = executor;
        this.options = options;
        this.warnings = warnings;
        this.ended = ended;
        byte[] body = receiver.body(event);
        HttpRequest.Builder builder = HttpRequest.newBuilder(receiver.url())
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "slipway")
                .header("X-Slipway-Event", event.type())
                .header("X-Slipway-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        receiver.signature(body).ifPresent(s -> builder.header(Signature.HEADER, s));
        this.request = builder.build();
    }

    /** Starts the first attempt; the future completes when the delivery has ended either way. */
    CompletableFuture<Void> start() {
        attempt(1);
        return done;
    }

    /** Ends a delivery the notifier can no longer wait for (closed): its one warning says so. */
    void abandon(String why) {
        end(Optional.of(why));
    }

    private void attempt(int attempt) {
        if (over.get()) {
            return;
        }
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> settle(attempt, response, error));
        } catch (RuntimeException e) {
            settle(attempt, null, e);
        }
    }

    private void settle(int attempt, HttpResponse<String> response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException || error instanceof ExecutionException
                    ? Optional.ofNullable(error.getCause()).orElse(error) : error;
            String why = describe(cause);
            if (cause instanceof IOException) {
                retry(attempt, why, Optional.empty());
            } else {
                end(Optional.of(why + " (not retried)"));
            }
            return;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            end(Optional.empty());
        } else if (status == 429 || status >= 500) {
            retry(attempt, "HTTP " + status + quote(response.body()), response.headers().firstValue("Retry-After"));
        } else {
            String why = status >= 300 && status < 400 ? "redirects are not followed"
                    : "the receiver refused the request";
            end(Optional.of("HTTP " + status + " (not retried: " + why + ")" + quote(response.body())));
        }
    }

    private void retry(int attempt, String why, Optional<String> retryAfter) {
        if (attempt >= options.maxAttempts()) {
            end(Optional.of("gave up after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + "; last: " + why));
            return;
        }
        Duration delay = Backoff.delay(options, attempt, Backoff.retryAfter(retryAfter, Instant.now()),
                ThreadLocalRandom.current().nextDouble());
        try {
            executor.schedule(() -> attempt(attempt + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            end(Optional.of("the notifier closed before the next attempt; last: " + why));
        }
    }

    private void end(Optional<String> problem) {
        if (!over.compareAndSet(false, true)) {
            return;
        }
        try {
            ended.accept(this);
            problem.ifPresent(p -> warnings.accept(receiver + ": release " + event.release() + " \""
                    + event.kind().keyword() + "\" not delivered: " + p));
        } finally {
            done.complete(null);
        }
    }

    /** An exception's type and message; the message with the receiver's secrets hidden (it may quote the URL). */
    private String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + receiver.scrub(message));
    }

    private String quote(String body) {
        String text = receiver.scrub(body == null ? "" : body).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + Text.cut(text, QUOTED);
    }
}
