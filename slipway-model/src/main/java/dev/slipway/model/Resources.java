package dev.slipway.model;

/** Kubernetes resource requests and limits of one container, as Kubernetes quantities ({@code 100m}, {@code 256Mi}). */
public record Resources(Quantities requests, Quantities limits) {

    public record Quantities(String cpu, String memory) {
    }

    public static Resources builtIn() {
        return new Resources(new Quantities("100m", "128Mi"), new Quantities("500m", "256Mi"));
    }
}
