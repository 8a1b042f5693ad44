package dev.slipway.sandbox;

import static dev.slipway.sandbox.Fixture.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A sanity figure, printed rather than asserted: machines differ. */
class PerformanceTest {

    @Test
    void twoHundredServicesSampledOverThirtyVirtualMinutes() {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            List<String> edges = new ArrayList<>();
            for (int j = i + 1; j < 200 && edges.size() < 3; j++) {
                if (random.nextInt(20) == 0) {
                    edges.add("s" + j); // edges only point to later services: a DAG
                }
            }
            deps.put("s" + i, edges);
        }
        // 100 rps at every service that nothing calls
        Fixture f = new Fixture(deps, SandboxOptions.defaults(1).withDefaultEntryRps(100));
        long startedInstall = System.nanoTime();
        f.installAll(deps, "1.0.0", 3);
        long installMillis = (System.nanoTime() - startedInstall) / 1_000_000;
        Instant from = f.clock.now();
        f.advance(Duration.ofMinutes(30));

        long[] millis = new long[2];
        long requests = 0;
        for (int pass = 0; pass < 2; pass++) { // the first pass includes the JIT's warm-up
            long started = System.nanoTime();
            requests = 0;
            for (String service : deps.keySet()) {
                TrafficSample sample = f.cluster.sample(ENV, service, Track.STABLE, from, f.clock.now());
                requests += sample.requests();
                assertThat(sample.hasData()).isTrue();
            }
            millis[pass] = (System.nanoTime() - started) / 1_000_000;
        }

        System.out.printf("sandbox: installed 200 services x 3 pods in %d ms; sampled 200 services x 30 virtual "
                + "minutes (%,d requests) in %d ms cold, %d ms warm%n", installMillis, requests, millis[0], millis[1]);
        assertThat(requests).isGreaterThan(200L * 1800 * 100);
    }
}
