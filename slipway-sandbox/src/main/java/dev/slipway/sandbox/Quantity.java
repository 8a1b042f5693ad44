package dev.slipway.sandbox;

/** maxSurge / maxUnavailable as a Deployment reads them: a count ("1") or a percentage of replicas ("25%"). */
final class Quantity {

    static final String DEFAULT = "25%";

    private Quantity() {
    }

    /** Percentages round up for maxSurge and down for maxUnavailable, as Kubernetes does. */
    static int resolve(String value, int replicas, boolean roundUp) {
        String text = value == null || value.isBlank() ? DEFAULT : value.trim();
        if (text.endsWith("%")) {
            double percent = Double.parseDouble(text.substring(0, text.length() - 1));
            double exact = replicas * percent / 100.0;
            return (int) (roundUp ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9));
        }
        return Integer.parseInt(text);
    }
}
