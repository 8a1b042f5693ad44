package dev.slipway.supply.gates;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded contract verification: the provider's version was checked against what the consumer's version
 * expects of it (a Pact verification, a consumer's integration test against the provider), and passed or not.
 * When one pair of versions was verified more than once, the latest result counts.
 */
public record Verification(String consumer, String consumerVersion, String provider, String providerVersion,
                           boolean passed, Instant verifiedAt) {

    public Verification {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(consumerVersion, "consumerVersion");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerVersion, "providerVersion");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
    }

    boolean covers(String consumerName, String consumerAt, String providerName, String providerAt) {
        return consumer.equals(consumerName) && consumerVersion.equals(consumerAt) && provider.equals(providerName)
                && providerVersion.equals(providerAt);
    }
}
