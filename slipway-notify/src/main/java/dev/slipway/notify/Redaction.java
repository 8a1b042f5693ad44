package dev.slipway.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a receiver's secrets (a URL that carries a token, a signing secret) out of every message: a URL is shown
 * as its scheme and host only, and text from outside (exception messages, a receiver's answer) has every secret
 * replaced before it is shown.
 */
final class Redaction {

    private static final String HIDDEN = "…";

    private final List<String> secrets;

    private Redaction(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Hides {@code url} (whole and its path and query, which is where tokens live) and {@code secret}. */
    static Redaction of(URI url, String secret) {
        List<String> secrets = new ArrayList<>();
        secrets.add(url.toString());
        // a path of "/" or a one-letter query would blank harmless text and hides nothing
        if (url.getRawPath() != null && url.getRawPath().length() > 1) {
            secrets.add(url.getRawPath());
        }
        if (url.getRawQuery() != null && url.getRawQuery().length() > 1) {
            secrets.add(url.getRawQuery());
        }
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
        // longest first: the whole URL goes before its path, so nothing of it is left half-hidden
        secrets.sort((a, b) -> b.length() - a.length());
        return new Redaction(List.copyOf(secrets));
    }

    /** The scheme and host (and port) of {@code url}: enough to know which receiver, never its token. */
    static String url(URI url) {
        String port = url.getPort() == -1 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + url.getHost() + port + "/" + HIDDEN;
    }

    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String scrubbed = text;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, HIDDEN);
        }
        return scrubbed;
    }
}
