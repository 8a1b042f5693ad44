package dev.slipway.server;

import dev.slipway.store.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Denied attempts go to the audit log aggregated: the first denial of an action to a caller from an address is a
 * row of its own; the same denial repeated within a minute is counted, and written as one row
 * ({@code "41 more denied attempts since ..."}) when the next one comes after the minute, or when the server stops.
 * A caller repeating a refused call (anonymous, or a token without the role) once wrote a row per request.
 */
final class DeniedAttempts {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Distinct (caller, action, address) runs remembered; past it, all are written out and counting starts afresh. */
    private static final int RUNS_AT_MOST = 10_000;

    private final AuditLog audit;
    private final InstantSource clock;
    private final Map<String, Run> runs = new LinkedHashMap<>();

    private static final class Run {
        final String actor;
        final String action;
        final String source;
        final Instant since;
        int more;

        Run(String actor, String action, String source, Instant since) {
            this.actor = actor;
            this.action = action;
            this.source = source;
            this.since = since;
        }
    }

    DeniedAttempts(AuditLog audit, InstantSource clock) {
        this.audit = audit;
        this.clock = clock;
    }

    void denied(String actor, String action, String target, String source) {
        List<Run> finished = new ArrayList<>();
        boolean write;
        Instant now = clock.instant();
        synchronized (this) {
            String key = actor + '\n' + action + '\n' + source;
            Run run = runs.get(key);
            if (run != null && now.isBefore(run.since.plus(WINDOW))) {
                run.more++;
                return;
            }
            if (run != null) {
                finished.add(run);
            }
            if (runs.size() >= RUNS_AT_MOST) {
                finished.addAll(runs.values());
                runs.clear();
            }
            runs.put(key, new Run(actor, action, source, now));
            write = true;
        }
        finished.forEach(r -> summarize(r, now));
        if (write) {
            audit.append(actor, action, target, source, "denied", now);
        }
    }

    /** Writes every pending count: the server stops. */
    void flush() {
        List<Run> pending;
        synchronized (this) {
            pending = new ArrayList<>(runs.values());
            runs.clear();
        }
        Instant now = clock.instant();
        pending.forEach(r -> summarize(r, now));
    }

    private void summarize(Run run, Instant now) {
        if (run.more > 0) {
            audit.append(run.actor, run.action, run.more + " more denied attempt" + (run.more == 1 ? "" : "s")
                    + " since " + run.since, run.source, "denied", now);
        }
    }
}
