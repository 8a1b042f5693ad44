package dev.slipway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two control-plane replicas electing a leader through a Lease on the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipTest {

    static final String NS = "slipway";
    static final String LEASE = "slipway-leader";
    static final Duration LEASE_DURATION = Duration.ofSeconds(2);

    KubernetesClient client;

    final List<LeaseLeadership> started = new ArrayList<>();

    /** What one replica's listener heard, with when it started leading. */
    static final class Heard implements LeaseLeadership.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile Instant startedLeadingAt;

        @Override
        public void startedLeading() {
            startedLeadingAt = Instant.now();
            events.add("started");
        }

        @Override
        public void stoppedLeading() {
            events.add("stopped");
        }

        @Override
        public void newLeader(String identity) {
            events.add("leader " + identity);
        }
    }

    record Replica(LeaseLeadership leadership, Heard heard, String identity) {
    }

    Replica replica(String identity) {
        return replica(identity, LEASE_DURATION, Duration.ofMillis(1500));
    }

    Replica replica(String identity, Duration leaseDuration, Duration renewDeadline) {
        Heard heard = new Heard();
        LeaseLeadership leadership = LeaseLeadership.start(client, new LeaseLeadership.Settings(NS, LEASE, identity,
                leaseDuration, renewDeadline, Duration.ofMillis(200)), heard);
        started.add(leadership);
        return new Replica(leadership, heard, identity);
    }

    @AfterEach
    void closeAll() {
        started.forEach(LeaseLeadership::close);
    }

    Lease lease() {
        return client.leases().inNamespace(NS).withName(LEASE).get();
    }

    /** Writes another holder into the Lease, trying again while a renewal of the replicas wins the race (409). */
    void takeLeaseAs(String identity) {
        await("the Lease names " + identity, Duration.ofSeconds(5), () -> {
            Lease taken = new LeaseBuilder(lease()).editSpec().withHolderIdentity(identity)
                    .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build();
            try {
                client.leases().inNamespace(NS).resource(taken).update();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                return false;
            }
        });
    }

    static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    /** Starts two replicas and waits until one leads and the other has seen it; returns {leader, follower}. */
    Replica[] electOne() {
        return electOne(LEASE_DURATION, Duration.ofMillis(1500));
    }

    Replica[] electOne(Duration leaseDuration, Duration renewDeadline) {
        Replica zero = replica("slipway-0", leaseDuration, renewDeadline);
        Replica one = replica("slipway-1", leaseDuration, renewDeadline);
        await("one replica leads", Duration.ofSeconds(10),
                () -> zero.leadership().leading() || one.leadership().leading());
        Replica leader = zero.leadership().leading() ? zero : one;
        Replica follower = leader == zero ? one : zero;
        await("the follower sees the leader", Duration.ofSeconds(10),
                () -> follower.leadership().leader().filter(leader.identity()::equals).isPresent());
        return new Replica[] {leader, follower};
    }

    @Test
    void exactlyOneReplicaLeadsAndTheLeaseNamesIt() {
        Replica[] elected = electOne();
        Replica leader = elected[0];
        Replica follower = elected[1];

        assertThat(leader.leadership().leading()).isTrue();
        assertThat(follower.leadership().leading()).isFalse();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader.identity());
        assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(2);
        assertThat(leader.heard().events).containsExactly("leader " + leader.identity(), "started");
        assertThat(follower.heard().events).containsExactly("leader " + leader.identity());
        assertThat(leader.leadership().leader()).contains(leader.identity());
    }

    @Test
    void aDeadLeadersLeaseIsTakenOnlyOnceItExpired() {
        Replica[] elected = electOne();
        Replica leader = elected[0];
        Replica follower = elected[1];
        int transitions = lease().getSpec().getLeaseTransitions();

        Instant crashed = Instant.now();
        leader.leadership().crash();
        Instant lastRenewal = lease().getSpec().getRenewTime().toInstant();
        assertThat(lease().getSpec().getHolderIdentity()).as("a dead leader does not release")
                .isEqualTo(leader.identity());

        await("the follower takes over", Duration.ofSeconds(10), () -> follower.leadership().leading());
        Instant tookOver = follower.heard().startedLeadingAt;
        // The Lease stores the renewal time to the microsecond; 5 ms leave room for that and for the two clocks'
        // reads, far less than the retry period a premature takeover would be off by.
        assertThat(tookOver).as("not before the lease expired").isAfterOrEqualTo(
                lastRenewal.plus(LEASE_DURATION).minusMillis(5));
        assertThat(Duration.between(crashed, tookOver)).isGreaterThan(Duration.ofSeconds(1));
        Lease lease = lease();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(follower.identity());
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(transitions + 1);
        assertThat(follower.heard().events).containsExactly("leader " + leader.identity(),
                "leader " + follower.identity(), "started");
        assertThat(leader.heard().events).as("a dead process hears nothing").doesNotContain("stopped");
        assertThat(leader.leadership().leading()).isFalse();
    }

    @Test
    void aLeaderThatClosesReleasesTheLeaseAndTheFollowerTakesOverWellBeforeItWouldExpire() {
        // A longer lease than the other tests: fabric8's release leaves a 1 s lease, which must stand out from
        // waiting the lease out.
        Replica[] elected = electOne(Duration.ofSeconds(5), Duration.ofSeconds(4));
        Replica leader = elected[0];
        Replica follower = elected[1];
        int transitions = lease().getSpec().getLeaseTransitions();

        Instant closed = Instant.now();
        leader.leadership().close();
        assertThat(leader.heard().events).endsWith("started", "stopped");
        assertThat(leader.leadership().leading()).isFalse();

        await("the follower takes over", Duration.ofSeconds(10), () -> follower.leadership().leading());
        // Waiting out the lease would take at least lease duration minus one retry period (4.8 s) after the close;
        // the released Lease (1 s, see LeaseLeadership) is taken on the follower's first try after 1 s.
        assertThat(Duration.between(closed, follower.heard().startedLeadingAt)).isLessThan(Duration.ofMillis(3000));
        Lease lease = lease();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(follower.identity());
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(transitions + 1);
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(5);
    }

    @Test
    void aLeaderThatLosesTheLeaseStopsLeadingAndStandsAgain() {
        Replica only = replica("slipway-0");
        await("it leads", Duration.ofSeconds(10), () -> only.leadership().leading());

        // Another holder (one this test plays, which never renews) appears in the Lease, as after a renewal that
        // failed for longer than the lease while the API server was unreachable from this replica.
        takeLeaseAs("slipway-9");

        await("it stops leading", Duration.ofSeconds(5), () -> !only.leadership().leading());
        assertThat(only.leadership().leader()).contains("slipway-9");
        await("it leads again once the other's lease expired", Duration.ofSeconds(10),
                () -> only.leadership().leading());
        assertThat(only.heard().events).containsExactly("leader slipway-0", "started", "leader slipway-9", "stopped",
                "leader slipway-0", "started");
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("slipway-0");
    }
}
