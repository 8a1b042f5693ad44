package dev.slipway.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Slipway-Signature} of a webhook body: {@code sha256=} and the lower-case hex HMAC-SHA256 of the
 * body's exact bytes, keyed with the UTF-8 bytes of the secret. A receiver recomputes it over the raw body it got
 * and compares in constant time.
 */
public final class Signature {

    public static final String HEADER = "X-Slipway-Signature";

    private Signature() {
    }

    public static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // every Java runtime has HmacSHA256; reaching this is a broken runtime, not a user's mistake
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
