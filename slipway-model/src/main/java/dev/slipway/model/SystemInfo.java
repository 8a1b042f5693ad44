package dev.slipway.model;

import java.util.Optional;

/**
 * The system's name, the registry its images are pushed to (e.g. {@code ghcr.io/acme/shop}) and, for GitOps
 * targets, the Git repository that holds the generated manifests.
 */
public record SystemInfo(String name, String registry, Optional<String> repository) {

    /** The image repository of a service built from source: {@code registry/service}. */
    public String imageRepository(String service) {
        return registry + "/" + service;
    }
}
