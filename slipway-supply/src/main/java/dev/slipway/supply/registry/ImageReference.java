package dev.slipway.supply.registry;

/** An image pinned by digest: {@code ghcr.io/acme/shop/cart@sha256:…}. A tag never identifies what is promoted. */
public record ImageReference(Repository repository, Digest digest) {

    /** Parses {@code [registry/]repository@sha256:<hex>}; a reference by tag is refused with a hint. */
    public static ImageReference parse(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("'" + text + "' names no digest; hint: promotion copies an image by "
                    + "digest, REPOSITORY@sha256:<hex> (the build record holds it)");
        }
        String repository = text.substring(0, at);
        int lastSlash = repository.lastIndexOf('/');
        if (repository.indexOf(':', lastSlash + 1) >= 0) {
            repository = repository.substring(0, repository.indexOf(':', lastSlash + 1)); // name:tag@digest: the digest wins
        }
        return new ImageReference(Repository.parse(repository), Digest.parse(text.substring(at + 1)));
    }

    @Override
    public String toString() {
        return repository + "@" + digest;
    }
}
