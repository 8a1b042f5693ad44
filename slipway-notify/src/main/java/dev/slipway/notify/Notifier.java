package dev.slipway.notify;

import dev.slipway.model.Notification;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends release events to the {@code notifications} of slipway.yaml, in the background: {@link #send} returns at
 * once, so a release never waits for a receiver. Each receiver gets its events in the order they were sent (one
 * delivery at a time per receiver; receivers in parallel). A delivery is retried on connection errors, 5xx and 429
 * (honouring {@code Retry-After}, capped) with exponential backoff and jitter, at most
 * {@link Options#maxAttempts} times; any other 4xx is not retried. A delivery that does not arrive ends in one
 * warning, never an exception to the caller. {@link #close} waits for what is still on its way, up to
 * {@link Options#closeTimeout}, so a CLI run does not drop its final notification.
 * <p>
 * Secrets stay secret: a URL from {@code urlEnv} and a signing secret never appear in a warning or message (a
 * receiver is named {@code notifications[0] (slack, https://hooks.slack.com/… from $SLACK_WEBHOOK_URL)}); a
 * missing variable is a warning naming the variable, and that notification is skipped.
 * <p>
 * Wiring it into a command:
 * <pre>{@code
 * try (Notifier notifier = Notifier.open(spec.notifications(), System::getenv, err::println)) {
 *     NotifyingListener notifying = new NotifyingListener(notifier, spec.system().name(), env, journal);
 *     notifying.started(releaseId, plan.services());          // "started" is the caller's to send
 *     ReleaseEngine.start(releaseId, plan, cluster, metrics, journal, clock, options,
 *             listener);            // one that also calls notifying.finished(result): failed / rolled-back / succeeded
 *     ...wait for the release...
 * }                                                           // close(): the last events are delivered first
 * }</pre>
 * Warnings go to the caller's consumer, from the notifier's threads as well as the caller's.
 */
public final class Notifier implements AutoCloseable {

    /**
     * The retry policy and time limits. The wait after attempt n fails is {@code firstRetry × 2^(n-1)} (at most
     * {@code maxRetry}) times a random factor in [0.5, 1), or the receiver's {@code Retry-After} (at most
     * {@code maxRetryAfter}). {@code requestTimeout} bounds one attempt (connecting and the answer).
     */
    public record Options(int maxAttempts, Duration firstRetry, Duration maxRetry, Duration maxRetryAfter,
                          Duration requestTimeout, Duration closeTimeout) {

        /** 5 attempts over about 15 s; a CLI run waits at most 30 s for its last events. */
        public static final Options DEFAULT = new Options(5, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30));

        public Options {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
            }
            for (Duration delay : List.of(firstRetry, maxRetry, maxRetryAfter)) {
                if (delay.isNegative()) {
                    throw new IllegalArgumentException("a retry delay cannot be negative: " + delay);
                }
            }
            for (Duration timeout : List.of(requestTimeout, closeTimeout)) {
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException("a timeout must be positive: " + timeout);
                }
            }
        }
    }

    private final List<Receiver> receivers;
    private final Options options;
    private final Consumer<String> warnings;
    private final ScheduledExecutorService executor;
    private final HttpClient client;
    /** The last delivery queued for each receiver: the next one starts when it ends. */
    private final Map<Receiver, CompletableFuture<Void>> tails = new IdentityHashMap<>();
    /** In the order sent, so the warnings of a close that gives up come in that order too. */
    private final Queue<Delivery> pending = new ConcurrentLinkedQueue<>();
    private boolean closed;

    private Notifier(List<Receiver> receivers, Options options, Consumer<String> warnings) {
        this.receivers = receivers;
        this.options = options;
        this.warnings = warnings;
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, task -> {
            Thread thread = new Thread(task, "slipway-notify-" + threads.incrementAndGet());
            // a caller that forgets close() must not keep the JVM alive for a notification
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        // redirects are not followed: a redirect would carry the body (and its signature) to another host
        this.client = HttpClient.newBuilder().connectTimeout(options.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        for (Receiver r : receivers) {
            tails.put(r, CompletableFuture.completedFuture(null));
        }
    }

    /** A notifier with the {@link Options#DEFAULT default} policy. */
    public static Notifier open(List<Notification> notifications, Function<String, String> env,
                                Consumer<String> warnings) {
        return open(notifications, env, warnings, Options.DEFAULT);
    }

    /**
     * Reads each notification's URL and secret through {@code env} now (a missing one is a warning and that
     * notification is skipped); warnings of later deliveries go to {@code warnings} too.
     */
    public static Notifier open(List<Notification> notifications, Function<String, String> env,
                                Consumer<String> warnings, Options options) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(warnings, "warnings");
        Objects.requireNonNull(options, "options");
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < notifications.size(); i++) {
            Receiver.resolve(i, notifications.get(i), env, warnings).ifPresent(receivers::add);
        }
        return new Notifier(List.copyOf(receivers), options, warnings);
    }

    /**
     * Queues {@code event} for every receiver subscribed to its kind and returns at once.
     *
     * @throws IllegalStateException after {@link #close}: an event sent then could never be delivered
     */
    public synchronized void send(ReleaseEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed) {
            throw new IllegalStateException("the notifier is closed; release " + event.release() + " \""
                    + event.kind().keyword() + "\" cannot be sent");
        }
        for (Receiver receiver : receivers) {
            if (!receiver.wants(event.kind())) {
                continue;
            }
            Delivery delivery = new Delivery(receiver, event, client, executor, options, warnings, pending::remove);
            pending.add(delivery);
            tails.put(receiver, tails.get(receiver).thenComposeAsync(ignored -> delivery.start(), executor));
        }
    }

    /**
     * Waits until every queued delivery has ended, at most {@link Options#closeTimeout}; a delivery still on its
     * way then is given up with a warning. Then the notifier's threads stop. Closing twice does nothing.
     */
    @Override
    public void close() {
        CompletableFuture<?>[] queued;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queued = tails.values().toArray(CompletableFuture<?>[]::new);
        }
        try {
            CompletableFuture.allOf(queued).get(options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Duration waited = options.closeTimeout();
            abandonPending("not confirmed before the notifier closed (it waited "
                    + (waited.toMillis() < 1000 ? waited.toMillis() + " ms)" : waited.toSeconds() + " s)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandonPending("not confirmed before the notifier closed (interrupted)");
        } catch (ExecutionException e) {
            // deliveries end normally, even when they fail: reaching this is a programming error
            throw new IllegalStateException("a delivery ended abnormally", e.getCause());
        } finally {
            client.shutdownNow();
            executor.shutdownNow();
        }
    }

    private void abandonPending(String why) {
        for (Delivery delivery : List.copyOf(pending)) {
            delivery.abandon(why);
        }
    }
}
