package dev.slipway.model;

import java.util.List;
import java.util.Optional;

/**
 * Where release events are sent ({@code notifications} entries). The URL of a Slack webhook is a secret, so it is
 * always read from an environment variable ({@code urlEnv}); a generic webhook may name its URL directly and may
 * sign its body with a secret from the environment.
 */
public record Notification(Kind kind, Optional<String> url, Optional<String> urlEnv, Optional<String> secretEnv,
                           List<Event> events) {

    public Notification {
        events = List.copyOf(events);
    }

    public enum Kind implements Keyword {
        /** A JSON body describing the event. */
        WEBHOOK("webhook"),
        /** A Slack-compatible incoming-webhook payload (text and blocks). */
        SLACK("slack");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        @Override
        public String keyword() {
            return keyword;
        }
    }

    /** Release events a notification can subscribe to (default: all). */
    public enum Event implements Keyword {
        STARTED("started"),
        /** The release waits, before anything changes, for its approvers (an environment with approval). */
        AWAITING_APPROVAL("awaiting-approval"),
        FAILED("failed"),
        ROLLED_BACK("rolled-back"),
        SUCCEEDED("succeeded");

        private final String keyword;

        Event(String keyword) {
            this.keyword = keyword;
        }

        @Override
        public String keyword() {
            return keyword;
        }
    }
}
