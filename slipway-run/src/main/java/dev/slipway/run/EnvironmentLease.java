package dev.slipway.run;

import dev.slipway.model.UserError;
import dev.slipway.release.execute.Journal;
import dev.slipway.store.EnvironmentLeases;
import dev.slipway.store.Store;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One release at a time per environment, across every process on the database: the environment's lease in the
 * store ({@link EnvironmentLeases}), held from planning to the release's end (or its pause), renewed by a
 * heartbeat every third of its duration, and released on close. A holder that dies stops renewing: another process
 * takes the lease over once it has expired, and the dead holder's fencing token no longer opens the journal.
 */
public final class EnvironmentLease implements AutoCloseable {

    /** Seconds a lease lasts without a heartbeat: how long a killed holder keeps its environment from others. */
    public static final String DURATION_VARIABLE = "SLIPWAY_LEASE_SECONDS";
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(15);

    /**
     * Who this process is, in the lease row and in the refusals others get: the host and a random instance id, never
     * the process id (a refusal reaches API callers, who have no business knowing the server's process).
     */
    public static final String HOLDER = host() + "/" + instance();

    /**
     * How long a create waits for a held lease before it is refused: a release saves its final state and then
     * releases the lease, so a create that arrives between the two (a client that saw the release end) would be
     * refused for a release that has ended. A lease held for a running release is still refused, this much later.
     */
    private static final Duration WAIT_FOR_AN_ENDING_HOLDER = Duration.ofSeconds(1);

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "slipway-lease-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private final Store store;
    private final Duration duration;
    private final Consumer<String> warn;
    private volatile EnvironmentLeases.Lease lease;
    private volatile boolean lost;
    private final ScheduledFuture<?> heartbeat;

    private EnvironmentLease(Store store, EnvironmentLeases.Lease lease, Duration duration, Consumer<String> warn) {
        this.store = store;
        this.lease = lease;
        this.duration = duration;
        this.warn = warn;
        long every = Math.max(1, duration.toMillis() / 3);
        this.heartbeat = HEARTBEATS.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the environment's lease for {@code release} (a placeholder until its id is known).
     *
     * @throws UserError naming the running release, its holder and the lease's expiry when another holds it
     */
    static EnvironmentLease acquire(Store store, String environment, String release, Consumer<String> warn) {
        Duration duration = duration(System.getenv(DURATION_VARIABLE));
        long deadline = System.nanoTime() + WAIT_FOR_AN_ENDING_HOLDER.toNanos();
        while (true) {
            try {
                return new EnvironmentLease(store,
                        store.leases().acquire(environment, HOLDER, release, duration), duration, warn);
            } catch (EnvironmentLeases.Held e) {
                if (System.nanoTime() > deadline) {
                    throw refusal(e.lease());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new UserError("interrupted while waiting for the lease of " + environment, "try again");
                }
            }
        }
    }

    /** The refusal a caller gets while {@code held} holds the environment (the API answers it with 409). */
    public static UserError refusal(EnvironmentLeases.Lease held) {
        return new UserError("release " + held.release() + " is running on " + held.environment() + ": held by "
                + held.holder() + " since " + held.acquired() + ", expires " + held.expires()
                + "; one release per environment at a time",
                "wait for it to end, or follow it with `slipway status --env " + held.environment() + "`; a holder "
                        + "that died is taken over once its lease expires");
    }

    /** {@code SLIPWAY_LEASE_SECONDS}, or the default when unset. */
    static Duration duration(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_DURATION;
        }
        try {
            double value = Double.parseDouble(seconds.strip());
            if (value >= 0.3 && value <= 3600) {
                return Duration.ofMillis(Math.round(value * 1000));
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UserError(DURATION_VARIABLE + "=" + seconds + " is not a lease duration",
                "give seconds between 0.3 and 3600 (default " + DEFAULT_DURATION.toSeconds() + ")");
    }

    /** Names the release the lease is held for, once its id is known. */
    void holdFor(String release) {
        lease = store.leases().holdFor(lease, release);
    }

    /** The lease as last acquired or renewed: its environment and fencing token. */
    EnvironmentLeases.Lease lease() {
        return lease;
    }

    /** The store's journal, every write fenced by this lease's token. */
    Journal journal() {
        return store.journal().fenced(lease);
    }

    /** True once a heartbeat found the lease taken over or released. */
    boolean lost() {
        return lost;
    }

    /**
     * Renews the lease now. @throws IllegalStateException when it has passed to another holder (or was released):
     * whatever this process meant to write next is the new holder's to write
     */
    void confirm() {
        Optional<EnvironmentLeases.Lease> renewed = store.leases().renew(lease, duration);
        if (renewed.isEmpty()) {
            lost = true;
            throw new IllegalStateException("the lease of " + lease.environment() + " for " + lease.release()
                    + " was taken over: this process records nothing more of it, the new holder continues it");
        }
        lease = renewed.get();
    }

    private void beat() {
        try {
            Optional<EnvironmentLeases.Lease> renewed = store.leases().renew(lease, duration);
            if (renewed.isPresent()) {
                lease = renewed.get();
                return;
            }
            lost = true;
            heartbeat.cancel(false);
            warn.accept("the lease of " + lease.environment() + " for " + lease.release() + " was taken over: its "
                    + "journal refuses this process's next step, and the new holder continues the release");
        } catch (RuntimeException e) {
            // the database did not answer this time: the next beat tries again, well before the lease expires
        }
    }

    @Override
    public void close() {
        heartbeat.cancel(false);
        if (!lost) {
            store.leases().release(lease);
        }
    }

    private static String instance() {
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String host() {
        String name = System.getenv("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
