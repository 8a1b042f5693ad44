package dev.slipway.notify;

import dev.slipway.model.Notification;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A notification of slipway.yaml made ready to send: its URL and secret read from the environment, and a label
 * that names it in warnings without its secrets. Not a record on purpose: its {@code toString} is the label, so
 * printing a receiver can never print its URL or secret.
 */
final class Receiver {

    private final Notification.Kind kind;
    private final URI url;
    private final Optional<String> secret;
    private final Set<Notification.Event> events;
    private final String label;
    private final Redaction redaction;

    private Receiver(Notification.Kind kind, URI url, Optional<String> secret, Set<Notification.Event> events,
                     String label) {
        this.kind = kind;
        this.url = url;
        this.secret = secret;
        this.events = events;
        this.label = label;
        this.redaction = Redaction.of(url, secret.orElse(null));
    }

    /**
     * The receiver of notification {@code index}, or empty after a warning (naming the variable, never a value)
     * when its URL or secret is not in the environment.
     */
    static Optional<Receiver> resolve(int index, Notification n, Function<String, String> env,
                                      Consumer<String> warnings) {
        String name = "notifications[" + index + "] (" + n.kind().keyword();
        String skipped = "; this notification is skipped";
        Optional<URI> url;
        String source;
        if (n.urlEnv().isPresent()) {
            String variable = n.urlEnv().get();
            Optional<String> value = variable(env, variable);
            if (value.isEmpty()) {
                warnings.accept(name + "): environment variable " + variable + " is not set" + skipped);
                return Optional.empty();
            }
            url = httpUrl(value.get());
            if (url.isEmpty()) {
                warnings.accept(name + "): environment variable " + variable + " does not hold an http(s) URL"
                        + skipped);
                return Optional.empty();
            }
            source = " from $" + variable;
        } else if (n.url().isPresent()) {
            url = httpUrl(n.url().get());
            if (url.isEmpty()) {
                warnings.accept(name + "): its url is not an http(s) URL" + skipped);
                return Optional.empty();
            }
            source = "";
        } else {
            warnings.accept(name + "): it has neither url nor urlEnv" + skipped);
            return Optional.empty();
        }
        String label = name + ", " + Redaction.url(url.get()) + source + ")";
        Optional<String> secret = Optional.empty();
        if (n.secretEnv().isPresent()) {
            secret = variable(env, n.secretEnv().get());
            if (secret.isEmpty()) {
                warnings.accept(label + ": environment variable " + n.secretEnv().get() + " is not set" + skipped
                        + " rather than sent unsigned");
                return Optional.empty();
            }
        }
        Set<Notification.Event> events = n.events().isEmpty() ? Set.of() : EnumSet.copyOf(n.events());
        return Optional.of(new Receiver(n.kind(), url.get(), secret, events, label));
    }

    /** An unset and an empty variable are the same mistake. */
    private static Optional<String> variable(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Optional<URI> httpUrl(String text) {
        try {
            URI uri = new URI(text.strip());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            // its message quotes the text, which may be a secret URL: only "not a URL" is said
            return Optional.empty();
        }
    }

    boolean wants(Notification.Event event) {
        return events.contains(event);
    }

    byte[] body(ReleaseEvent event) {
        String body = switch (kind) {
            case WEBHOOK -> WebhookPayload.render(event);
            case SLACK -> SlackPayload.render(event);
        };
        return body.getBytes(StandardCharsets.UTF_8);
    }

    URI url() {
        return url;
    }

    Optional<String> signature(byte[] body) {
        return secret.map(s -> Signature.of(s, body));
    }

    /** Text from outside (an exception's message, the receiver's answer) with this receiver's secrets hidden. */
    String scrub(String text) {
        return redaction.scrub(text);
    }

    @Override
    public String toString() {
        return label;
    }
}
