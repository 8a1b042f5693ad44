package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageTagTest {

    @Test
    void aVersionTagOrADigestPinsTheImage() {
        assertThat(ImageTag.mutable("ghcr.io/acme/cart:1.4.0")).isEmpty();
        assertThat(ImageTag.mutable("postgres:16.4-alpine")).isEmpty();
        assertThat(ImageTag.mutable("localhost:5000/cart@sha256:0123")).isEmpty();
    }

    @Test
    void latestNoTagOrAWordMove() {
        assertThat(ImageTag.mutable("ghcr.io/acme/cart:latest")).contains("");
        assertThat(ImageTag.mutable("localhost:5000/cart")).contains(" (none means latest)");
        assertThat(ImageTag.mutable("redis:alpine")).contains(" ('alpine' names no version)");
        assertThat(ImageTag.repository("localhost:5000/cart:1.0")).isEqualTo("localhost:5000/cart");
        assertThat(ImageTag.repository("localhost:5000/cart")).isEqualTo("localhost:5000/cart");
    }
}
