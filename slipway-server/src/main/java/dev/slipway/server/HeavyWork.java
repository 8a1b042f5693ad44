package dev.slipway.server;

import dev.slipway.store.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The routes that spend CPU on what a caller sends (validate, graph, generate, plan) run here: on a small pool of
 * platform threads, apart from the virtual threads that serve requests. A virtual thread is never preempted, so a
 * few heavy requests on them once held every carrier thread and {@code /healthz} took 10 s; platform threads are
 * time-sliced by the OS, and the pool has fewer threads than the machine has cores. Each token may have a few such
 * requests at once ({@code 429} with {@code Retry-After} beyond), and the queue is bounded too.
 */
final class HeavyWork implements AutoCloseable {

    /** How many heavy requests one token may have in flight; a CI pipeline validates one spec at a time. */
    static final int PER_TOKEN = 2;
    /** How many may wait for a thread, all callers together, before more are refused. */
    static final int QUEUED_AT_MOST = 32;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final ThreadPoolExecutor pool;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    HeavyWork() {
        this(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    HeavyWork(int threads) {
        AtomicInteger number = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_AT_MOST), runnable -> {
            Thread thread = new Thread(runnable, "slipway-heavy-" + number.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1); // probes and reads first
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** {@code route} on the pool, once the caller (authenticated before) has a slot; its body is read here first. */
    Handler run(Handler route, java.util.function.Function<Context, String> source) {
        return ctx -> {
            Principal principal = ctx.attribute(ApiAuth.PRINCIPAL);
            String caller = principal == null ? source.apply(ctx) : principal.id();
            AtomicInteger count = inFlight.computeIfAbsent(caller, key -> new AtomicInteger());
            if (count.incrementAndGet() > PER_TOKEN) {
                release(caller, count);
                throw ApiProblem.busy("this token already has " + PER_TOKEN + " validate, graph, generate or plan "
                        + "requests in progress; send the next when one has answered", RETRY_AFTER);
            }
            try {
                ctx.bodyAsBytes(); // the network read stays on the request's thread: a slow client holds no worker
                Future<?> work;
                try {
                    work = pool.submit(() -> {
                        route.handle(ctx);
                        return null;
                    });
                } catch (RejectedExecutionException e) {
                    throw ApiProblem.busy("the server is busy with other callers' validations; retry shortly",
                            RETRY_AFTER);
                }
                await(work);
            } finally {
                release(caller, count);
            }
        };
    }

    private static void await(Future<?> work) throws Exception {
        try {
            work.get();
        } catch (InterruptedException e) {
            work.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    private void release(String caller, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            inFlight.remove(caller, count);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
