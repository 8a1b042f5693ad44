package dev.slipway.sandbox;

import static dev.slipway.sandbox.Fixture.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficTest {

    static final Duration MINUTE = Duration.ofMinutes(1);

    /** The shop installed at 1.0.0 and a minute of steady traffic behind it. */
    static Fixture shop(SandboxOptions options) {
        Fixture f = new Fixture(Fixture.shop(), options);
        f.installAll(Fixture.shop(), "1.0.0", 2);
        f.advance(MINUTE);
        return f;
    }

    static TrafficSample lastMinute(Fixture f, String service, Track track) {
        return f.cluster.sample(ENV, service, track, f.clock.now().minus(MINUTE), f.clock.now());
    }

    @Test
    void requestsFanOutAlongDependencyEdgesFromTheEntryService() {
        Map<String, List<String>> deps = Map.of("web", List.of("api"), "mobile", List.of("api"),
                "api", List.of("db"), "db", List.of());
        Fixture f = new Fixture(new java.util.LinkedHashMap<>(deps));
        f.installAll(deps, "1.0.0", 1);
        f.advance(MINUTE);

        double web = lastMinute(f, "web", Track.STABLE).requests() / 60.0;
        double api = lastMinute(f, "api", Track.STABLE).requests() / 60.0;
        double db = lastMinute(f, "db", Track.STABLE).requests() / 60.0;

        assertThat(web).isCloseTo(100, within(5.0)); // entry: nothing depends on it
        assertThat(api).isCloseTo(200, within(8.0)); // called by web and mobile
        assertThat(db).isCloseTo(200, within(8.0));
        assertThat(lastMinute(f, "db", Track.STABLE).errors()).isZero();
    }

    @Test
    void aFaultyDependencyRaisesItsCallersErrorRate() {
        Fixture f = shop(SandboxOptions.defaults(7));
        double before = lastMinute(f, "frontend", Track.STABLE).errorRate();
        f.cluster.inject(Faults.of(Fault.errors("payments", "2.0.0", 0.3)));

        f.apply("payments", Track.STABLE, "2.0.0", 2);
        f.settle();
        f.advance(MINUTE);

        assertThat(before).isZero();
        assertThat(lastMinute(f, "payments", Track.STABLE).errorRate()).isCloseTo(0.3, within(0.04));
        assertThat(lastMinute(f, "checkout", Track.STABLE).errorRate()).isCloseTo(0.3, within(0.04));
        assertThat(lastMinute(f, "frontend", Track.STABLE).errorRate()).isCloseTo(0.3, within(0.04));
        assertThat(lastMinute(f, "catalog", Track.STABLE).errorRate()).isZero(); // not downstream of payments
    }

    @Test
    void duringARollingUpdateEachVersionTakesItsShareOfTheReadyPodsWithItsOwnErrors() {
        Fixture f = shop(SandboxOptions.defaults(7));
        f.cluster.inject(Faults.of(Fault.errors("payments", "2.0.0", 0.3)));
        Instant start = f.clock.now();
        f.apply("payments", Track.STABLE, "2.0.0", 2);
        f.settle();
        Instant done = f.clock.now();
        f.advance(MINUTE);
        Instant now = f.clock.now();

        TrafficSample all = f.cluster.sample(ENV, "payments", Track.STABLE, start, now);
        TrafficSample fresh = f.cluster.versionSample(ENV, "payments", Track.STABLE, "2.0.0", start, now);
        TrafficSample old = f.cluster.versionSample(ENV, "payments", Track.STABLE, "1.0.0", start, now);
        assertThat(fresh.errorRate()).isCloseTo(0.3, within(0.04));
        assertThat(old.errorRate()).isZero();
        assertThat(old.requests()).as("the old pods served until they were replaced").isPositive();
        assertThat((double) fresh.requests() + old.requests()).isCloseTo(all.requests(), within(all.requests() * 0.1));
        assertThat(f.cluster.versionSample(ENV, "payments", Track.STABLE, "1.0.0", done, now).requests())
                .as("no old pod is left once the rollout is complete").isZero();
        assertThat(f.cluster.versionSample(ENV, "payments", Track.STABLE, "2.0.0", start.minus(MINUTE), start)
                .requests()).as("nothing of the new version before it was applied").isZero();
    }

    @Test
    void propagationDampensWhatACallerInherits() {
        Fixture f = shop(SandboxOptions.defaults(7).withPropagation(0.5));
        f.cluster.inject(Faults.of(Fault.errors("payments", "2.0.0", 0.4)));
        f.apply("payments", Track.STABLE, "2.0.0", 2);
        f.settle();
        f.advance(Duration.ofMinutes(5));
        Instant now = f.clock.now();

        double checkout = f.cluster.sample(ENV, "checkout", Track.STABLE, now.minusSeconds(240), now).errorRate();
        double frontend = f.cluster.sample(ENV, "frontend", Track.STABLE, now.minusSeconds(240), now).errorRate();

        assertThat(checkout).isCloseTo(0.2, within(0.02));
        assertThat(frontend).isCloseTo(0.1, within(0.02));
    }

    @Test
    void routedWeightsSplitRequestsProportionally() {
        Fixture f = shop(SandboxOptions.defaults(3));
        f.apply("checkout", Track.CANARY, "2.0.0", 1);
        f.settle();
        f.cluster.route(ENV, "checkout", Map.of(Track.STABLE, 90, Track.CANARY, 10));
        f.advance(Duration.ofMinutes(5));
        Instant now = f.clock.now();

        long stable = f.cluster.sample(ENV, "checkout", Track.STABLE, now.minusSeconds(300), now).requests();
        long canary = f.cluster.sample(ENV, "checkout", Track.CANARY, now.minusSeconds(300), now).requests();

        assertThat((double) canary / (stable + canary)).isCloseTo(0.10, within(0.01));
        assertThat(stable + canary).isCloseTo(30_000L, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void withoutARouteTrafficFollowsTheReadyReplicaRatio() {
        Fixture f = shop(SandboxOptions.defaults(3));
        f.apply("checkout", Track.STABLE, "1.0.0", 3);
        f.apply("checkout", Track.CANARY, "2.0.0", 1);
        f.settle();
        f.advance(Duration.ofMinutes(5));
        Instant now = f.clock.now();

        long stable = f.cluster.sample(ENV, "checkout", Track.STABLE, now.minusSeconds(300), now).requests();
        long canary = f.cluster.sample(ENV, "checkout", Track.CANARY, now.minusSeconds(300), now).requests();

        assertThat((double) canary / (stable + canary)).isCloseTo(0.25, within(0.015));
        assertThat(f.cluster.inventory(ENV).deployed("checkout").orElseThrow().tracks())
                .extracting(t -> t.track() + "=" + t.weight()).containsExactly("STABLE=75", "CANARY=25");
    }

    @Test
    void p95LatencyGrowsWithTheLatencyFactorAndReachesTheCallers() {
        Fixture f = shop(SandboxOptions.defaults(5));
        f.cluster.inject(Faults.of(Fault.slow("payments", "2.0.0", 3.0)));
        f.apply("payments", Track.CANARY, "2.0.0", 1);
        f.settle();
        f.cluster.route(ENV, "payments", Map.of(Track.STABLE, 50, Track.CANARY, 50));
        double checkoutBefore = lastMinute(f, "checkout", Track.STABLE).p95Millis().orElseThrow();
        f.advance(MINUTE);

        TrafficSample stable = lastMinute(f, "payments", Track.STABLE);
        TrafficSample canary = lastMinute(f, "payments", Track.CANARY);

        assertThat(canary.p95Millis().orElseThrow()).isCloseTo(3 * stable.p95Millis().orElseThrow(),
                within(0.01 * stable.p95Millis().orElseThrow()));
        assertThat(stable.p50Millis().orElseThrow()).isCloseTo(20, within(0.5)); // the default median
        assertThat(stable.p50Millis().orElseThrow()).isLessThan(stable.p95Millis().orElseThrow());
        assertThat(stable.p95Millis().orElseThrow()).isLessThan(stable.p99Millis().orElseThrow());
        assertThat(lastMinute(f, "checkout", Track.STABLE).p95Millis().orElseThrow())
                .isGreaterThan(checkoutBefore + 15); // half its payments calls take three times as long
    }

    @Test
    void noTrafficIsNone() {
        Fixture f = new Fixture(Fixture.shop());
        assertThat(f.cluster.sample(ENV, "frontend", Track.STABLE, Fixture.T0, Fixture.T0.plusSeconds(60)))
                .isEqualTo(TrafficSample.none()); // nothing installed
        f.installAll(Fixture.shop(), "1.0.0", 1);
        f.apply("checkout", Track.CANARY, "2.0.0", 1);
        f.settle();
        f.cluster.route(ENV, "checkout", Map.of(Track.STABLE, 100));
        f.advance(MINUTE);
        Instant now = f.clock.now();

        assertThat(lastMinute(f, "checkout", Track.CANARY)).isEqualTo(TrafficSample.none()); // weight 0
        assertThat(f.cluster.sample(ENV, "checkout", Track.STABLE, now, now)).isEqualTo(TrafficSample.none());
        assertThat(f.cluster.sample(ENV, "checkout", Track.GREEN, now.minusSeconds(60), now).hasData()).isFalse();
        assertThat(lastMinute(f, "checkout", Track.STABLE).hasData()).isTrue();
    }

    @Test
    void aRouteToATrackWithoutReadyPodsFailsWhatItSends() {
        Fixture f = shop(SandboxOptions.defaults(3));
        f.cluster.inject(Faults.of(Fault.imagePull("payments", "2.0.0")));
        f.apply("payments", Track.CANARY, "2.0.0", 1);
        f.cluster.route(ENV, "payments", Map.of(Track.STABLE, 80, Track.CANARY, 20));
        f.advance(Duration.ofMinutes(2));

        TrafficSample canary = lastMinute(f, "payments", Track.CANARY);
        assertThat(canary.errorRate()).isEqualTo(1.0);
        assertThat(lastMinute(f, "checkout", Track.STABLE).errorRate()).isCloseTo(0.2, within(0.03));
    }

    @Test
    void theSameSeedGivesIdenticalSamplesWhateverIsAskedInBetween() {
        Fixture a = shop(SandboxOptions.defaults(11));
        Fixture b = shop(SandboxOptions.defaults(11));
        Fixture other = shop(SandboxOptions.defaults(12));
        Instant now = a.clock.now();

        TrafficSample first = a.cluster.sample(ENV, "checkout", Track.STABLE, now.minusSeconds(45), now);
        b.cluster.sample(ENV, "frontend", Track.STABLE, now.minusSeconds(60), now); // other draws in between
        TrafficSample second = b.cluster.sample(ENV, "checkout", Track.STABLE, now.minusSeconds(45), now);

        assertThat(second).isEqualTo(first);
        assertThat(a.statuses).isEqualTo(b.statuses);
        assertThat(other.cluster.sample(ENV, "checkout", Track.STABLE, now.minusSeconds(45), now))
                .isNotEqualTo(first);
        // windows add up: buckets are drawn from streams keyed by the bucket
        TrafficSample left = a.cluster.sample(ENV, "checkout", Track.STABLE, now.minusSeconds(45), now.minusSeconds(20));
        TrafficSample right = a.cluster.sample(ENV, "checkout", Track.STABLE, now.minusSeconds(20), now);
        assertThat(left.requests() + right.requests()).isEqualTo(first.requests());
        assertThat(left.errors() + right.errors()).isEqualTo(first.errors());
    }

    @Test
    void probeAnswersHealthyForReadyPodsOfAVersionThatIsNotFaulty() {
        Fixture f = shop(SandboxOptions.defaults(3));
        f.cluster.inject(Faults.of(Fault.errors("checkout", "2.0.0", 0.5),
                new Fault("catalog", "2.0.0", 0.0, 1.0, false, false, java.util.Optional.of(false)),
                Fault.errors("payments", "2.0.0", 0.05)));
        f.apply("checkout", Track.GREEN, "2.0.0", 1);
        f.apply("catalog", Track.GREEN, "2.0.0", 1);
        f.apply("payments", Track.GREEN, "2.0.0", 1);
        f.apply("frontend", Track.GREEN, "2.0.0", 1);
        java.util.List<String> answers = new java.util.ArrayList<>();
        f.cluster.probe(ENV, "frontend", Track.GREEN, "/healthz", ok -> answers.add("frontend-starting=" + ok));
        f.settle();

        f.cluster.probe(ENV, "checkout", Track.STABLE, "/healthz", ok -> answers.add("checkout-stable=" + ok));
        f.cluster.probe(ENV, "checkout", Track.GREEN, "/healthz", ok -> answers.add("checkout-green=" + ok));
        f.cluster.probe(ENV, "catalog", Track.GREEN, "/healthz", ok -> answers.add("catalog-green=" + ok));
        f.cluster.probe(ENV, "payments", Track.GREEN, "/healthz", ok -> answers.add("payments-green=" + ok));
        f.cluster.probe(ENV, "payments", Track.BLUE, "/healthz", ok -> answers.add("payments-blue=" + ok));
        assertThat(answers).containsExactly("frontend-starting=false");
        f.settle();

        assertThat(answers).containsExactly("frontend-starting=false", "checkout-stable=true",
                "checkout-green=false", "catalog-green=false", "payments-green=true", "payments-blue=false");
    }
}
