package dev.slipway.model;

/** "This service needs {@code service} at a version in {@code range}". */
public record Dependency(String service, VersionRange range) {
}
