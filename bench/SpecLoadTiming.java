import dev.slipway.model.LoadResult;
import dev.slipway.model.load.SpecLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The loader's CPU time on the worst specs the server still loads (issue 15, item 2): one short of 20,000 nodes of
 * invented keys, and 4,000 services with a misspelt key each. Run against a jar to compare commits side by side:
 * {@code java -cp slipway.jar bench/SpecLoadTiming.java [ROUNDS]}. Prints the best and the median CPU ms per load
 * after the JIT has warmed up (as on a server that has run a while).
 */
public class SpecLoadTiming {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        StringBuilder keys = new StringBuilder("{");
        for (int i = 0; i < 20_000 / 2 - 2; i++) {
            keys.append('k').append(i).append(": 1, ");
        }
        StringBuilder services = new StringBuilder("services:\n");
        for (int i = 0; i < 4_000; i++) { // ~16,000 nodes: under SpecSize's limit, so the server loads it
            services.append("  svc").append(i).append(":\n    prot: ").append(i).append('\n');
        }
        for (String[] input : new String[][] {{"19,998 invented keys", keys.append("z: 1}\n").toString()},
                {"4,000 services with a misspelt key", services.toString()}}) {
            long[] millis = new long[rounds];
            int problems = 0;
            for (int warm = 0; warm < 5; warm++) {
                SpecLoader.load(input[1], "slipway.yaml");
            }
            for (int round = 0; round < rounds; round++) {
                long started = cpu.getCurrentThreadCpuTime();
                LoadResult result = SpecLoader.load(input[1], "slipway.yaml");
                millis[round] = (cpu.getCurrentThreadCpuTime() - started) / 1_000_000;
                problems = result.problems().size();
            }
            Arrays.sort(millis);
            System.out.printf("%s: best %d ms, median %d ms of CPU (%d problems)%n", input[0], millis[0],
                    millis[rounds / 2], problems);
        }
    }
}
