package dev.slipway.generate.deploy;

import dev.slipway.generate.Layout;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.Map;

/** The image a service runs: its repository and the tag (or digest) an overlay starts with. */
final class Images {

    private Images() {
    }

    /** The pinned tag of an external image, or {@link Layout#INITIAL_IMAGE_TAG} for a built service. */
    static String tag(Service service) {
        return service.builtFromSource() ? Layout.INITIAL_IMAGE_TAG : Layout.externalImageTag(service);
    }

    /** The full reference, e.g. {@code ghcr.io/acme/shop/web:0.0.0-unreleased} or {@code postgres@sha256:...}. */
    static String reference(SystemSpec spec, Service service) {
        String tag = tag(service);
        return Layout.imageRepository(spec, service) + (isDigest(tag) ? "@" : ":") + tag;
    }

    /** A kustomize {@code images:} entry; its name is the repository, which is what {@code kustomize edit set image} matches. */
    static Map<String, Object> kustomizeEntry(SystemSpec spec, Service service) {
        String repository = Layout.imageRepository(spec, service);
        String tag = tag(service);
        return isDigest(tag)
                ? Yaml.map("name", repository, "newName", repository, "digest", tag)
                : Yaml.map("name", repository, "newName", repository, "newTag", tag);
    }

    private static boolean isDigest(String tag) {
        return tag.startsWith("sha256:");
    }
}
