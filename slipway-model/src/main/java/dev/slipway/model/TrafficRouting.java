package dev.slipway.model;

import java.util.Optional;

/**
 * How an environment's cluster splits a service's traffic between its tracks (an environment's {@code traffic}):
 * an Istio VirtualService (weights per DestinationRule subset), a Gateway API HTTPRoute (weights per per-track
 * Service), or, without a mesh, the ratio of the tracks' replicas behind one Service.
 */
public enum TrafficRouting implements Keyword {
    ISTIO("istio"), GATEWAY_API("gateway-api"), REPLICAS("replicas");

    private final String keyword;

    TrafficRouting(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    public static Optional<TrafficRouting> of(String keyword) {
        return Keyword.parse(TrafficRouting.class, keyword);
    }
}
