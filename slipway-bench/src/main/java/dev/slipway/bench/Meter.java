package dev.slipway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the engine alone: the time spent inside the engine's callbacks (cluster observations, timers,
 * probe answers, the start) minus the time those callbacks spent inside the cluster (the sandbox applying,
 * routing, removing). Everything runs on the virtual clock's one thread, so thread CPU time measures it exactly;
 * each measurement costs two clock reads, which are counted as engine time (a small overestimate).
 */
final class Meter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long engineNanos;
    private long clusterNanos;
    private long callbacks;
    private int depth;

    static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Runs one engine callback; nested calls (the engine calling back into itself) count once. */
    void engine(Runnable callback) {
        if (depth++ > 0) {
            try {
                callback.run();
            } finally {
                depth--;
            }
            return;
        }
        long start = cpuNanos();
        try {
            callback.run();
        } finally {
            engineNanos += cpuNanos() - start;
            callbacks++;
            depth--;
        }
    }

    /** Runs one call the engine makes into the cluster. */
    void cluster(Runnable call) {
        long start = cpuNanos();
        try {
            call.run();
        } finally {
            clusterNanos += cpuNanos() - start;
        }
    }

    <T> T cluster(java.util.function.Supplier<T> call) {
        long start = cpuNanos();
        try {
            return call.get();
        } finally {
            clusterNanos += cpuNanos() - start;
        }
    }

    /** Engine CPU time without the cluster's. */
    long engineOnlyNanos() {
        return engineNanos - clusterNanos;
    }

    long clusterNanos() {
        return clusterNanos;
    }

    long callbacks() {
        return callbacks;
    }
}
