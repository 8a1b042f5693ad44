package dev.slipway.release;

import java.util.Locale;

/**
 * A set of pods of one service that serves one version: {@code stable} in normal times, {@code canary} beside it
 * during a canary, {@code blue} (the running version) and {@code green} (the new one) during a blue-green switch.
 */
public enum Track {
    STABLE, CANARY, BLUE, GREEN;

    /** The name used in labels, annotations and output. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
