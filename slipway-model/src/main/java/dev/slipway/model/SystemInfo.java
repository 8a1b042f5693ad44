package dev.slipway.model;

/** The system's name and the registry its images are pushed to, e.g. {@code ghcr.io/acme/shop}. */
public record SystemInfo(String name, String registry) {

    /** The image repository of a service built from source: {@code registry/service}. */
    public String imageRepository(String service) {
        return registry + "/" + service;
    }
}
