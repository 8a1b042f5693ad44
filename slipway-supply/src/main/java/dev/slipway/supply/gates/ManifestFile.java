package dev.slipway.supply.gates;

import java.util.Objects;

/** One manifest file a release applies: its path as shown to people ({@code deploy/kubernetes/cart/base/deployment.yaml}) and its YAML. */
public record ManifestFile(String path, String text) {

    public ManifestFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }
}
