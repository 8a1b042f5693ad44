package dev.slipway.release.cluster;

/** The metrics source could not answer (down, timed out, refused the query): evidence is missing, not good. */
public class MetricsUnavailableException extends RuntimeException {

    public MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public MetricsUnavailableException(String message) {
        super(message);
    }
}
