package dev.slipway.cli;

import dev.slipway.model.UserError;
import dev.slipway.server.SlipwayServer;
import dev.slipway.store.Store;
import io.javalin.util.JavalinBindException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Slipway API server until interrupted (Ctrl-C).",
            "",
            "Serves the REST API under /api/v1 (its OpenAPI document at /api/v1/openapi.json), /healthz, /readyz "
                + "and Prometheus metrics at /metrics; one JSON log line per request goes to stderr. The state is "
                + "the H2 database in the data directory, or the PostgreSQL database of --db-url (user and "
                + "password from $" + StoreOption.USER + " and $" + StoreOption.PASSWORD + "). See docs/api.md."})
final class ServeCommand implements Callable<Integer> {


    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port to listen on, on every interface; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    StoreOption database;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be between 0 and 65535, got " + port, null);
        }
        if (database.url != null && database.dataDir.dataDir != null) {
            throw new UserError("--db-url and --data-dir both name the database", "pass one of them");
        }
        Store store = database.open();
        SlipwayServer server = new SlipwayServer(store, line -> {
            err.println(line);
            err.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        boolean interrupted = false;
        Thread shutdown = new Thread(() -> {
            stopAll(server, store);
            stopped.countDown();
        }, "slipway-serve-shutdown");
        try {
            try {
                server.start(port);
            } catch (JavalinBindException e) {
                throw new UserError("cannot listen on port " + port + ": " + StoreOption.rootMessage(e),
                        "is another server on that port? pick another with --port");
            }
            Runtime.getRuntime().addShutdownHook(shutdown);
            out.println("Slipway API on http://localhost:" + server.port() + "/api/v1 (OpenAPI document: "
                    + "http://localhost:" + server.port() + "/api/v1/openapi.json); Ctrl-C stops it");
            out.flush();
            stopped.await(); // Ctrl-C runs the hook; an interrupt (an embedding caller) ends the wait
            return 0;
        } catch (InterruptedException e) {
            interrupted = true; // set again after stopping: Jetty and the pool would not stop cleanly while it is set
            return 0;
        } finally {
            // on an interrupt the hook has not run: stop here, and drop the hook so it does not run again later
            if (stopped.getCount() > 0) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdown);
                } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                    // the JVM is already exiting (the hook will stop all), or the server never started
                }
                stopAll(server, store);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static synchronized void stopAll(SlipwayServer server, Store store) {
        server.close();
        store.close();
    }

}
