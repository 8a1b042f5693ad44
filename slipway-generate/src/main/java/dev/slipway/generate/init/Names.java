package dev.slipway.generate.init;

import java.util.Locale;

/** Turns directory and workload names into service names, which must be DNS labels (RFC 1123). */
final class Names {

    private Names() {
    }

    /** {@code Payments.Api} → {@code payments-api}; a name that starts with a digit gets {@code svc-} in front. */
    static String dnsLabel(String text) {
        String label = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^-+", "");
        if (!label.isEmpty() && !Character.isLetter(label.charAt(0))) {
            label = "svc-" + label;
        }
        if (label.length() > 63) {
            label = label.substring(0, 63);
        }
        label = label.replaceAll("-+$", "");
        return label.isEmpty() ? "service" : label;
    }
}
