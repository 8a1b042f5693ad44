package dev.slipway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This replica's part in electing the one control-plane replica that executes releases: fabric8's leader election
 * over a {@code coordination.k8s.io/v1} Lease. The leader renews the Lease every retry period; a follower takes it
 * once the holder has not renewed it for a lease duration, or at once when the holder released it on close.
 * <p>
 * fabric8's elector ends for good once it stopped leading (it is single-use), so after losing the Lease this
 * replica stands again in a new round with a new elector, until {@link #close()}.
 * <p>
 * Threads: the elector runs on this object's own thread, and the {@link Listener} is called there; while
 * {@link #close()} releases the Lease, the last {@code stoppedLeading()} (and {@code newLeader} of nobody) is
 * called on the thread calling {@code close()}. A listener must return quickly: the renewals wait for it.
 */
public final class LeaseLeadership implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LeaseLeadership.class.getName());

    /**
     * Where the Lease lives, who this replica is and the timing of the election.
     *
     * @param leaseDuration how long followers wait after the last renewal before they take the Lease; whole seconds,
     *                      because the Lease stores {@code leaseDurationSeconds}
     * @param renewDeadline how long the leader keeps trying to renew before it gives leadership up
     * @param retryPeriod   how often the leader renews and a follower tries to acquire
     */
    public record Settings(String namespace, String leaseName, String identity, Duration leaseDuration,
                           Duration renewDeadline, Duration retryPeriod) {

        public Settings {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(leaseName, "leaseName");
            Objects.requireNonNull(identity, "identity");
            if (identity.isBlank()) {
                throw new IllegalArgumentException("identity must not be blank: it is the Lease's holderIdentity");
            }
            if (leaseDuration.isNegative() || leaseDuration.toSeconds() < 1 || leaseDuration.toNanosPart() != 0) {
                throw new IllegalArgumentException("leaseDuration must be whole seconds (the Lease stores "
                        + "leaseDurationSeconds), was " + leaseDuration);
            }
            if (retryPeriod.isNegative() || retryPeriod.isZero() || retryPeriod.compareTo(renewDeadline) >= 0
                    || renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("need 0 < retryPeriod < renewDeadline < leaseDuration, was "
                        + retryPeriod + " / " + renewDeadline + " / " + leaseDuration);
            }
        }

        /** client-go's defaults: lease 15 s, renew deadline 10 s, retry 2 s. */
        public static Settings defaults(String namespace, String leaseName, String identity) {
            return new Settings(namespace, leaseName, identity, Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(2));
        }
    }

    /** What this replica learns about leadership; see the class comment for the threads it is called on. */
    public interface Listener {

        /** This replica holds the Lease: it may execute releases from now on. */
        void startedLeading();

        /** This replica no longer holds the Lease (lost, given up or released): it must stop executing releases. */
        void stoppedLeading();

        /** The Lease names a new holder (this replica or another); not called when the Lease is released. */
        default void newLeader(String identity) {
        }
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final Listener listener;
    private final SeverableLock lock;
    private final ExecutorService electionThread;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicReference<String> leader = new AtomicReference<>();
    /** Set by {@link #crash()}: a dead process tells nobody anything. */
    private volatile boolean silenced;
    private boolean closed;
    private CompletableFuture<?> round;

    private LeaseLeadership(KubernetesClient client, Settings settings, Listener listener) {
        this.client = client;
        this.settings = settings;
        this.listener = listener;
        this.lock = new SeverableLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()));
        this.electionThread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("slipway-leader-election-" + settings.identity()).daemon().factory());
    }

    /** Takes part in the election from now on, until {@link #close()}. */
    public static LeaseLeadership start(KubernetesClient client, Settings settings, Listener listener) {
        LeaseLeadership leadership = new LeaseLeadership(client, settings, listener);
        leadership.standForElection();
        return leadership;
    }

    /** Whether this replica holds the Lease, as last observed. */
    public boolean leading() {
        return leading.get();
    }

    /** The identity of the Lease's holder as last observed; empty before the first look and after a release. */
    public Optional<String> leader() {
        return Optional.ofNullable(leader.get());
    }

    /**
     * Stops taking part. A leader releases the Lease before this returns (fabric8's release-on-cancel), so a
     * follower need not wait out the lease duration: it takes over about a second later. fabric8 8.0.0 writes the
     * release as a JSON merge patch in which the cleared holder is left out, so the Lease keeps naming this replica
     * but with a lease of 1 s renewed now, which followers see as expired a second later.
     */
    @Override
    public void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = round;
        }
        current.cancel(true);
        onStopLeading(); // in case the round ended without telling, e.g. the release failed unexpectedly
        electionThread.shutdown();
    }

    /**
     * For tests: stop renewing without releasing the Lease, as a killed process would. The Lease keeps naming
     * this replica until it expires, and the listener hears nothing more.
     */
    public void crash() {
        CompletableFuture<?> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            silenced = true;
            current = round;
        }
        try {
            // On the election thread, so that no renewal is in flight once the Lease is cut off.
            electionThread.submit(lock::sever).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not cut " + settings.identity() + " off its Lease", e);
        }
        current.cancel(true);
        onStopLeading();
        electionThread.shutdownNow();
    }

    /** One round: acquire, lead until the Lease is lost, then (unless closed) the next round. */
    private void standForElection() {
        synchronized (this) {
            if (closed) {
                return;
            }
            round = new LeaderElectorBuilder(client, electionThread).withConfig(config()).build().start();
            round.whenComplete((ignored, failure) -> standForElection());
        }
    }

    private LeaderElectionConfig config() {
        return new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(lock)
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::onStartLeading, this::onStopLeading, this::onNewLeader))
                .build();
    }

    // The listener hears each change of this replica's leadership once, however fabric8's observations of the
    // Lease and the ends of its rounds interleave.
    private void onStartLeading() {
        if (leading.compareAndSet(false, true)) {
            tell(listener::startedLeading);
        }
    }

    private void onStopLeading() {
        if (leading.compareAndSet(true, false)) {
            tell(listener::stoppedLeading);
        }
    }

    // Each round's new elector reports the holder it first sees, though an earlier round may have seen it already.
    private void onNewLeader(String identity) {
        String previous = leader.getAndSet(identity);
        if (identity != null && !identity.equals(previous)) {
            tell(() -> listener.newLeader(identity));
        }
    }

    /** A listener's exception must not escape into fabric8's election loop, which only expects KubernetesClientException. */
    private void tell(Runnable call) {
        if (silenced) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "leadership listener of " + settings.identity() + " failed", e);
        }
    }
}
