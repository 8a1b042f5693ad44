package dev.slipway.cli;

import dev.slipway.release.execute.Progress;
import dev.slipway.release.execute.ReleasePhase;
import dev.slipway.release.execute.RolloutPhase;
import dev.slipway.release.execute.ProgressListener;
import dev.slipway.release.execute.ReleaseResult;
import dev.slipway.release.plan.Plan;
import dev.slipway.release.plan.PlannedService;
import dev.slipway.release.time.Clock;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The live view of a running release: one line per service (state, canary step, weight, elapsed simulated time)
 * and an overall progress bar. On a terminal the block is redrawn in place with ANSI escapes; otherwise (a pipe,
 * a CI log, a test) one line is printed per state change. Called on the clock's thread.
 */
final class LiveView implements ProgressListener {

    /** Done for the bar: the new version serves everything (switched: blue is only kept for a while), or it ended. */
    private static final Set<RolloutPhase> DONE = Set.of(RolloutPhase.PROMOTED, RolloutPhase.SWITCHED,
            RolloutPhase.ROLLED_BACK, RolloutPhase.FAILED, RolloutPhase.CANCELLED);
    private static final int BAR = 30;
    private static final long REDRAW_NANOS = 50_000_000;

    private final PrintWriter out;
    private final boolean ansi;
    private final Clock clock;
    /** The release's start: set when the engine says it runs (planning and start-up take real time). */
    private Instant start;
    private final Map<String, Progress> services = new LinkedHashMap<>();
    private final int nameWidth;
    private int drawnLines;
    private long lastDraw;
    private boolean paused;

    LiveView(PrintWriter out, boolean ansi, Clock clock, Instant start, String release, Plan plan) {
        this.out = out;
        this.ansi = ansi;
        this.clock = clock;
        this.start = start;
        int width = 7;
        for (PlannedService s : plan.services()) {
            services.put(s.name(), new Progress(release, s.name(), RolloutPhase.PENDING, 0, 0, 0, Duration.ZERO));
            width = Math.max(width, s.name().length());
        }
        this.nameWidth = width;
    }

    @Override
    public synchronized void progressed(Progress progress) {
        Progress before = services.put(progress.service(), progress);
        if (ansi) {
            long now = System.nanoTime();
            if (now - lastDraw >= REDRAW_NANOS || DONE.contains(progress.state())) {
                redraw();
                lastDraw = now;
            }
        } else if (before == null || before.state() != progress.state() || before.step() != progress.step()) {
            out.printf("%s  %-" + nameWidth + "s  %s%n", clockText(), progress.service(), describe(progress));
            out.flush();
        }
    }

    @Override
    public synchronized void phase(String release, ReleasePhase phase) {
        if (phase instanceof ReleasePhase.Running && !paused) {
            start = clock.now();
        }
        String text = switch (phase) {
            case ReleasePhase.Paused p -> "release " + release + " is paused, waiting for a person ("
                    + p.reason().keyword() + (p.services().isEmpty() ? "" : ": " + String.join(", ", p.services()))
                    + ")";
            case ReleasePhase.RollingBack r -> "release " + release + " is rolling back";
            case ReleasePhase.Running r -> paused ? "release " + release + " runs again" : null;
            case ReleasePhase.Ended e -> null; // the summary says it
        };
        paused = phase instanceof ReleasePhase.Paused;
        if (text == null) {
            return;
        }
        if (ansi) {
            redraw();
            drawnLines = 0;
        }
        out.printf("%s  %s%n", clockText(), text);
        out.flush();
    }

    @Override
    public synchronized void finished(ReleaseResult result) {
        if (ansi) {
            redraw();
            drawnLines = 0;
        }
    }

    private void redraw() {
        StringBuilder block = new StringBuilder();
        if (drawnLines > 0) {
            block.append("\033[").append(drawnLines).append('F');
        }
        int lines = 0;
        for (Progress p : services.values()) {
            block.append("\033[2K").append(String.format("  %-" + nameWidth + "s  %-15s %-9s %5s  %8s%n",
                    p.service(), p.state(), p.steps() > 0 && p.step() > 0 ? "step " + p.step() + "/" + p.steps() : "",
                    p.weight() > 0 ? p.weight() + "%" : "", Durations.text(p.elapsed())));
            lines++;
        }
        block.append("\033[2K").append(bar()).append('\n');
        lines++;
        out.print(block);
        out.flush();
        drawnLines = lines;
    }

    private String bar() {
        long done = services.values().stream().filter(p -> DONE.contains(p.state())).count();
        int filled = services.isEmpty() ? BAR : (int) (BAR * done / services.size());
        return "  [" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + done + "/" + services.size()
                + " services done, " + clockText();
    }

    private String clockText() {
        return "+" + Durations.text(Duration.between(start, clock.now()));
    }

    private static String describe(Progress p) {
        StringBuilder text = new StringBuilder(p.state().keyword());
        if (p.steps() > 0 && p.step() > 0) {
            text.append(" step ").append(p.step()).append('/').append(p.steps());
        }
        if (p.weight() > 0 && p.weight() < 100) {
            text.append(" weight ").append(p.weight()).append('%');
        }
        if (!p.elapsed().isZero()) {
            text.append(" (").append(Durations.text(p.elapsed())).append(')');
        }
        return text.toString();
    }
}
