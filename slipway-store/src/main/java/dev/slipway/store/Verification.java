package dev.slipway.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A contract verification result, as a provider's CI reports it: did {@code provider} at {@code providerVersion}
 * satisfy the contract of {@code consumer} at {@code consumerVersion}?
 */
public record Verification(String consumer, String consumerVersion, String provider, String providerVersion,
                           boolean passed, String recordedBy, Instant recordedAt) {

    public Verification {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(consumerVersion, "consumerVersion");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerVersion, "providerVersion");
        Objects.requireNonNull(recordedBy, "recordedBy");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
