package dev.slipway.supply.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A manifest exactly as the registry stored it: its bytes are what the digest covers, so they are copied as they
 * are and only read (never re-serialized) to find what they reference. An index (OCI image index or Docker manifest
 * list) references child manifests; an image manifest references its config and layers.
 */
record Manifest(byte[] content, String mediaType, Digest digest) {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** What a manifest GET accepts: without the right Accept header a registry answers 404 or converts. */
    static final List<String> ACCEPTED = List.of(OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_LIST);

    /** A reference from a manifest to a blob or a child manifest. */
    record Descriptor(String mediaType, Digest digest, long size, boolean foreign) {}

    /**
     * The manifest a registry returned for this digest, with the media type from its Content-Type (the body's own
     * {@code mediaType} when the header is generic).
     *
     * @throws RegistryException when the bytes do not hash to the digest, or the type cannot be copied by digest
     */
    static Manifest of(byte[] content, Optional<String> contentType, Digest digest, String where) {
        if (!digest.matches(content)) {
            throw new RegistryException(RegistryException.Reason.DIGEST_MISMATCH, where + " returned a manifest "
                    + "whose content does not hash to " + digest, "the registry or a proxy in between altered it; "
                    + "copy from the registry the build pushed to");
        }
        JsonNode json = read(content, where, digest);
        String type = contentType.map(t -> t.split(";")[0].strip())
                .filter(t -> ACCEPTED.contains(t))
                .orElseGet(() -> json.path("mediaType").asString(json.has("manifests") ? OCI_INDEX : OCI_MANIFEST));
        if (!ACCEPTED.contains(type)) {
            throw new RegistryException(RegistryException.Reason.REFUSED, where + " holds " + digest + " as " + type
                    + ", which cannot be copied by digest", "push the image as an OCI or Docker v2 (schema 2) "
                    + "manifest; schema 1 manifests are signed per registry and deprecated");
        }
        return new Manifest(content, type, digest);
    }

    boolean isIndex() {
        return INDEXES.contains(mediaType);
    }

    /** The child manifests of an index, in its order. */
    List<Descriptor> children() {
        return descriptors(json().path("manifests"));
    }

    /** The config and layers of an image manifest. */
    List<Descriptor> blobs() {
        JsonNode json = json();
        List<Descriptor> blobs = new ArrayList<>();
        if (json.has("config")) {
            blobs.add(descriptor(json.get("config")));
        }
        blobs.addAll(descriptors(json.path("layers")));
        return blobs;
    }

    private JsonNode json() {
        return read(content, "manifest", digest);
    }

    private static List<Descriptor> descriptors(JsonNode array) {
        List<Descriptor> descriptors = new ArrayList<>();
        array.forEach(node -> descriptors.add(descriptor(node)));
        return descriptors;
    }

    private static Descriptor descriptor(JsonNode node) {
        // a foreign layer (Windows base images) lives at its urls, not in any registry, and is never copied
        boolean foreign = node.path("urls").size() > 0 || node.path("mediaType").asString("").contains(".foreign.");
        return new Descriptor(node.path("mediaType").asString(""), Digest.parse(node.path("digest").asString("")),
                node.path("size").asLong(-1), foreign);
    }

    private static JsonNode read(byte[] content, String where, Digest digest) {
        try {
            return JsonMapper.shared().readTree(content);
        } catch (JacksonException e) {
            throw new RegistryException(RegistryException.Reason.REFUSED, where + " returned " + digest
                    + " as something that is not JSON (" + e.getOriginalMessage() + ")", "is it an image manifest?");
        }
    }
}
