package dev.slipway.supply.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest as the OCI distribution API names blobs and manifests: {@code sha256:<64 hex>}. */
public record Digest(String algorithm, String hex) {

    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        boolean valid = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!valid) {
            throw new IllegalArgumentException("'" + algorithm + ":" + hex + "' is not a digest; hint: a digest is "
                    + "sha256: followed by 64 lower-case hex digits, as `skopeo inspect` prints it");
        }
    }

    /** Parses {@code sha256:<hex>}; anything else is an {@link IllegalArgumentException} that says what a digest is. */
    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a digest; hint: a digest is sha256: followed by "
                    + "64 lower-case hex digits, as `skopeo inspect` prints it");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The sha256 digest of these bytes. */
    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(hasher("sha256").digest(content)));
    }

    /** The digest of the same algorithm over these bytes: a registry's answer is checked with its own algorithm. */
    boolean matches(byte[] content) {
        return HexFormat.of().formatHex(hasher(algorithm).digest(content)).equals(hex);
    }

    private static MessageDigest hasher(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
