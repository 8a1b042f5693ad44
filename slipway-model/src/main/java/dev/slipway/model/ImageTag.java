package dev.slipway.model;

import java.util.Optional;

/**
 * Whether an image reference pins what it runs. A tag that moves (latest; none, which means latest; a word such
 * as alpine that names no version) makes a deployment unrepeatable; a version tag or a digest does not. The one
 * rule both {@code slipway validate} (external images) and the manifest policy ({@code pinned-image}) apply.
 */
public final class ImageTag {

    private ImageTag() {
    }

    /** Why {@code image}'s tag moves, e.g. {@code "(none means latest)"}; empty when it is pinned. */
    public static Optional<String> mutable(String image) {
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        String tag = tag(image);
        if (tag.isEmpty()) {
            return Optional.of(" (none means latest)");
        }
        if (tag.equals("latest")) {
            return Optional.of("");
        }
        return tag.chars().noneMatch(Character::isDigit) ? Optional.of(" ('" + tag + "' names no version)") : Optional.empty();
    }

    /** {@code image} without its tag: {@code ghcr.io/acme/cart} of {@code ghcr.io/acme/cart:1.2}. */
    public static String repository(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    private static String tag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : "";
    }
}
