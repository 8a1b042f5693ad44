package dev.slipway.run;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.UserError;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.sandbox.ScaledClock;
import dev.slipway.store.Store;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One process of {@link EnvironmentLeaseTest}: runs a release on the sandbox in scaled real time, with the store on
 * the test's PostgreSQL, as {@code slipway serve} runs one (to its end, however long it waits at a gate). It prints
 * {@code HOLDING <id>} once it holds the environment's lease, then {@code ENDED <state>}, or {@code REFUSED <message>}
 * (exit 2) when the lease is held, or {@code FAILED <message>} (exit 3).
 * <p>
 * {@code java LeaseHolderProcess JDBC_URL SPEC DATA_DIR SPEED create ENV SERVICE=VERSION [GATE]} or
 * {@code ... SPEED resume|continue RELEASE}.
 */
public final class LeaseHolderProcess {

    public static void main(String[] args) {
        String url = args[0];
        Path specFile = Path.of(args[1]);
        Path dataDir = Path.of(args[2]);
        double speed = Double.parseDouble(args[3]);
        String mode = args[4];
        try (Store store = Store.open(url, "postgres", "postgres")) {
            ReleaseRecords records = new ReleaseRecords(store, dataDir);
            SystemSpec spec = SpecLoader.load(specFile).orThrow();
            Releaser releaser = new Releaser(records, spec, specFile, w -> say("WARN " + w), Releaser.Fence.OPEN);
            try (World world = World.open(store, dataDir, spec, speed)) {
                Releaser.Prepared prepared;
                if (mode.equals("create")) {
                    String[] set = args[6].split("=", 2);
                    ReleaseEngine.Options options = args.length > 7
                            ? ReleaseEngine.Options.DEFAULT.withManualGates(Set.of(args[7]))
                            : ReleaseEngine.Options.DEFAULT;
                    prepared = releaser.create(world, new ReleaseRequest(args[5], Map.of(set[0], set[1])),
                            options, null, Commit.NONE, Releaser.Starter.of("lease-holder")).prepared().orElseThrow();
                } else {
                    ReleaseRecord record = records.require(args[5]);
                    prepared = releaser.proceed(world, record, engine -> {
                        if (mode.equals("resume")) {
                            engine.resume(record.id());
                        }
                    });
                }
                say("HOLDING " + prepared.record().id());
                try {
                    Releaser.Ended ended = releaser.run(world, prepared, ProgressListener.NONE, true);
                    say("ENDED " + ended.record().state());
                } catch (RuntimeException e) {
                    // what stopped the engine, on the clock's thread: the journal's refusal
                    Throwable cause = world.scaled().map(ScaledClock::failure).orElse(null);
                    say("FAILED " + e.getMessage() + (cause == null ? "" : " (" + cause.getMessage() + ")"));
                    System.exit(3);
                }
            }
        } catch (UserError e) {
            say("REFUSED " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            say("FAILED " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }

    private static void say(String line) {
        System.out.println(line.replace('\n', ' '));
        System.out.flush();
    }
}
