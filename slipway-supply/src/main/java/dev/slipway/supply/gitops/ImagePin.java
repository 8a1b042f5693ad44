package dev.slipway.supply.gitops;

import java.util.Objects;

/**
 * One service's image as a release pins it in an overlay: the repository it is pulled from, the version (written
 * as the tag, so whoever reads the running image sees the version) and the digest that makes it immutable.
 * Kustomize renders {@code repository:version@digest}; the cluster pulls by the digest alone.
 */
public record ImagePin(String service, String repository, String version, String digest) {

    public ImagePin {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        if (!digest.matches("^sha256:[0-9a-f]{64}$")) {
            throw new IllegalArgumentException(service + ": '" + digest + "' is not a sha256 digest");
        }
        if (repository.contains("@") || repository.lastIndexOf(':') > repository.lastIndexOf('/')) {
            throw new IllegalArgumentException(service + ": '" + repository + "' is a reference, not a repository");
        }
    }

    /** The repository of an image reference: {@code repo:tag}, {@code repo@digest} or {@code repo:tag@digest}. */
    public static String repositoryOf(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /** {@code service version digest}, the line a commit message gives it. */
    String line() {
        return service + " " + version + " " + repository + "@" + digest;
    }
}
