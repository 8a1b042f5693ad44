package dev.slipway.release.dora;

import dev.slipway.release.dora.Deployment.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Five services deploying to staging then production from 90 days before the window to 90 days after it, where
 * everything a metric reads inside the window is fixed by construction and only what must not matter is random
 * (seeded): when in its slot a deployment starts, how long it takes, which lead time falls on which deployment, and
 * the order of the history.
 * <p>
 * Each service has one slot per {@code interval}, aligned on the window's start. In every slot it deploys to staging
 * and then to production. In every {@code failEvery}-th production slot the first deployment fails (rolled back with a
 * finish, or failed without one, alternately) and a fix without commit time succeeds exactly {@code restore} after the
 * failure. Every other production success has a commit time; those inside the window have the lead times 1 h, 2 h,
 * ..., M h in a seeded order. A slot's events all fall inside the slot, so a slot is in the window or out whole.
 * Services other than {@code api} put their deployments in a release named after the day they start ("day-2025-01-07");
 * {@code api} deploys on its own.
 */
record SeededHistory(List<Deployment> deployments) {

    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2025-04-01T00:00:00Z");
    static final Duration WINDOW = Duration.between(FROM, TO);

    record Profile(String name, Duration interval, int failEvery, Duration restore, boolean released) {

        /** Slots whose start is inside the window. */
        long slots() {
            return WINDOW.dividedBy(interval);
        }

        /** Failure slots in the window: slot j fails when j mod failEvery is failEvery - 1. */
        long failures() {
            return slots() / failEvery;
        }
    }

    static final List<Profile> PROFILES = List.of(
            new Profile("api", Duration.ofHours(8), 18, Duration.ofMinutes(20), false),
            new Profile("billing", Duration.ofDays(45), 2, Duration.ofDays(2), true),
            new Profile("search", Duration.ofDays(1), 15, Duration.ofHours(1), true),
            new Profile("web", Duration.ofDays(2), 9, Duration.ofHours(3), true),
            new Profile("worker", Duration.ofDays(10), 3, Duration.ofDays(1), true));

    static SeededHistory generate(long seed) {
        Random random = new Random(seed);
        List<Deployment> out = new ArrayList<>();
        for (Profile p : PROFILES) {
            List<Integer> leadHours = new ArrayList<>(
                    IntStream.rangeClosed(1, (int) (p.slots() - p.failures())).boxed().toList());
            Collections.shuffle(leadHours, random);
            int measured = 0;
            int failed = 0;
            long slotsAround = p.slots();
            for (long j = -slotsAround; j < 2 * slotsAround; j++) {
                Instant slot = FROM.plus(p.interval().multipliedBy(j));
                Instant staging = slot.plusMillis((long) (random.nextDouble() * p.interval().toMillis() / 4));
                out.add(released(p, Deployment.succeeded(p.name(), "1." + j, "staging", staging,
                        staging.plus(duration(random)))));
                Instant start = staging.plusSeconds(30 * 60);
                Instant finish = start.plus(duration(random));
                String version = "2." + j;
                boolean inWindow = j >= 0 && j < slotsAround;
                if (Math.floorMod(j, p.failEvery()) == p.failEvery() - 1) {
                    boolean withFinish = failed++ % 2 == 0;
                    Deployment failure = Deployment.failed(p.name(), version, "production",
                            withFinish ? Outcome.ROLLED_BACK : Outcome.FAILED, start, withFinish ? finish : null);
                    out.add(released(p, failure));
                    Instant fixed = failure.at().plus(p.restore());
                    out.add(released(p, Deployment.succeeded(p.name(), version + "-fix", "production",
                            fixed.minus(duration(random)), fixed)));
                } else {
                    long lead = inWindow ? leadHours.get(measured++) : 1 + random.nextInt(1000);
                    out.add(released(p, Deployment.succeeded(p.name(), version, "production", start, finish)
                            .withCommit("c" + p.name() + j, finish.minus(Duration.ofHours(lead)))));
                }
            }
        }
        Collections.shuffle(out, random);
        return new SeededHistory(out);
    }

    /** 3 to 12 minutes: shorter than the shortest restore, so a fix starts after its failure. */
    private static Duration duration(Random random) {
        return Duration.ofSeconds(180 + random.nextInt(540));
    }

    private static Deployment released(Profile p, Deployment d) {
        return p.released() ? d.withRelease("day-" + d.started().atZone(ZoneOffset.UTC).toLocalDate()) : d;
    }
}
