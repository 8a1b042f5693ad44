package dev.slipway.supply.registry;

import java.util.regex.Pattern;

/**
 * A repository in a registry: {@code ghcr.io} and {@code acme/shop/cart}. The registry is a host with an optional
 * port as Docker names it; {@code docker.io} stands for Docker Hub.
 */
public record Repository(String registry, String name) {

    // the distribution spec's grammar of a repository name
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9a-fA-F:]+](?::[0-9]{1,5})?");

    public Repository {
        if (!REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("'" + registry + "' is not a registry; hint: a registry is a host with "
                    + "an optional port, such as ghcr.io or registry.example.com:5000, without https://");
        }
        if (!NAME.matcher(name).matches() || name.length() > 255) {
            throw new IllegalArgumentException("'" + name + "' is not a repository name; hint: lower-case letters, "
                    + "digits and separators (. _ __ -) in path components joined by /, such as acme/shop/cart");
        }
    }

    /**
     * Parses {@code registry/name} the way Docker does: the first component is the registry when it has a dot, a
     * colon or is {@code localhost}; otherwise the repository is on Docker Hub ({@code library/} for one component).
     */
    public static Repository parse(String text) {
        int slash = text.indexOf('/');
        String first = slash < 0 ? "" : text.substring(0, slash);
        if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            return new Repository(first, text.substring(slash + 1));
        }
        return new Repository("docker.io", slash < 0 ? "library/" + text : text);
    }

    /** This repository's image with that digest. */
    public ImageReference at(Digest digest) {
        return new ImageReference(this, digest);
    }

    @Override
    public String toString() {
        return registry + "/" + name;
    }
}
