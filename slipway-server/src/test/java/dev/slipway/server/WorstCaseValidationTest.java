package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.LoadResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Item 2 of issue 15: a 1 MiB flow mapping of ~95k unknown keys took 6 s of CPU computing "did you mean"
 * suggestions. Any 1 MiB input must now validate in well under 100 ms of work.
 */
class WorstCaseValidationTest {

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory
            .getThreadMXBean();

    /** The worst inputs the probe and this test found, each just under the 1 MiB body limit. */
    static List<String> worstInputs() {
        return List.of(flowMapping("", "k"), flowMapping("services: ", "k"), flowMapping("services: ", "servce"),
                flowMapping("system: ", "nmae"), blockMapping(), justUnderTheLimit());
    }

    /** {@code {k0: 1, k1: 1, ...}} up to 1 MiB; {@code prefix} puts it under a key. */
    static String flowMapping(String prefix, String key) {
        StringBuilder text = new StringBuilder(prefix).append('{');
        for (int i = 0; text.length() < SlipwayServer.MAX_BODY_BYTES - 32; i++) {
            text.append(key).append(i).append(": 1, ");
        }
        return text.append("z: 1}\n").toString();
    }

    /** The most unknown keys the server still loads: one short of {@link SpecSize#NODES_AT_MOST} nodes. */
    static String justUnderTheLimit() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < SpecSize.NODES_AT_MOST / 2 - 2; i++) { // the mapping, 2 per key, and z: 1
            text.append('k').append(i).append(": 1, ");
        }
        return text.append("z: 1}\n").toString();
    }

    /** A thousand services with dependencies: what a large real system looks like, which the limit must admit. */
    static String thousandServices() {
        StringBuilder text = new StringBuilder("system: {name: big, registry: ghcr.io/acme/big}\n"
                + "environments:\n  - {name: dev}\n  - {name: production, promoteFrom: dev}\nservices:\n");
        for (int i = 0; i < 1000; i++) {
            text.append("  svc-").append(i).append(":\n    path: services/svc-").append(i)
                    .append("\n    language: go\n    port: ").append(8000 + i % 1000).append('\n');
            if (i > 0) {
                text.append("    dependsOn: {svc-").append(i / 2).append(": \"^1.0\"}\n");
            }
        }
        return text.toString();
    }

    @Test
    void aThousandServicesAreStillChecked() {
        LoadResult result = SpecRoutes.loadResult(thousandServices());
        assertThat(result.problems()).as("%s", result.problems().stream().limit(3).toList()).isEmpty();
        assertThat(result.spec().orElseThrow().services()).hasSize(1000);
    }

    private static String blockMapping() {
        StringBuilder text = new StringBuilder("services:\n");
        for (int i = 0; text.length() < SlipwayServer.MAX_BODY_BYTES - 64; i++) {
            text.append("  svc").append(i).append(":\n    prot: ").append(i).append('\n');
        }
        return text.toString();
    }

    @Test
    void everyWorstCaseValidatesQuickly() {
        for (String input : worstInputs()) {
            LoadResult result = null;
            long millis = Long.MAX_VALUE;
            // CPU time, not wall time: the machine may be shared, and what the issue bounds is the work done;
            // the best of ten: a server that has run a while has compiled the loader; the first runs have not
            for (int run = 0; run < 10; run++) {
                long started = CPU.getCurrentThreadCpuTime();
                result = SpecRoutes.loadResult(input);
                millis = Math.min(millis, (CPU.getCurrentThreadCpuTime() - started) / 1_000_000);
            }
            System.out.println(input.substring(0, 30).replace('\n', ' ') + "… " + millis + " ms of CPU, "
                    + result.problems().size() + " problems");
            assertThat(result.ok()).isFalse();
            assertThat(millis).as(input.substring(0, 40)).isLessThan(100);
        }
    }
}
