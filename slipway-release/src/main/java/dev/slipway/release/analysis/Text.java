package dev.slipway.release.analysis;

import java.util.Locale;

/** How judges write numbers in their reasons and details, the same way everywhere. */
final class Text {

    private Text() {
    }

    /** A share as a percentage: 0.0123 → "1.2%"; more digits below 0.1 % so that small rates do not read as 0. */
    static String percent(double share) {
        double pct = share * 100;
        return String.format(Locale.ROOT, pct != 0 && Math.abs(pct) < 0.1 ? "%.3f%%" : "%.1f%%", pct);
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, "%.0f ms", value);
    }

    /** A statistic or a bound: plain when moderate, scientific when very large or small. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude >= 1e5 || magnitude < 1e-3)) {
            return String.format(Locale.ROOT, "%.2e", value);
        }
        return String.format(Locale.ROOT, magnitude >= 100 ? "%.0f" : "%.3g", value);
    }
}
