package dev.slipway.kubernetes;

/**
 * How a service's traffic is split between its tracks: an Istio VirtualService (weights per DestinationRule
 * subset), a Gateway API HTTPRoute (weights per per-track Service), or, without a mesh, the ratio of the tracks'
 * replicas behind one Service.
 */
public enum TrafficRouting {
    ISTIO, GATEWAY_API, REPLICAS
}
