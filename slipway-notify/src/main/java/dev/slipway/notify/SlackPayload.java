package dev.slipway.notify;

import dev.slipway.model.Notification;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Slack incoming-webhook message: {@code text} (the notification and fallback line) and {@code blocks} (a header
 * with the outcome's emoji, the release's facts, the failure), then one attachment in the outcome's colour with
 * the services and the time. Slack's limits hold for any release: a header of at most 150 characters, sections of
 * at most 3000, and at most {@link #MAX_LISTED} services listed, the rest summed up as "… and N more".
 */
public final class SlackPayload {

    /** More lines than this make a chat message a wall; the webhook payload carries every service. */
    static final int MAX_LISTED = 20;
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;
    /** A reason is a sentence; a longer one (a stack of causes) is cut so the message stays readable. */
    static final int MAX_REASON = 500;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private SlackPayload() {
    }

    public static String render(ReleaseEvent event) {
        JsonMapper json = JsonMapper.shared();
        Look look = Look.of(event.kind());
        ObjectNode root = json.createObjectNode();
        root.put("text", fallback(event));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text")
                .put("text", Text.cut(look.emoji() + " " + headline(event), MAX_HEADER)).put("emoji", true);
        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        fields.addObject().put("type", "mrkdwn").put("text", "*System*\n" + escape(event.system()));
        fields.addObject().put("type", "mrkdwn").put("text", "*Environment*\n" + escape(event.environment()));
        fields.addObject().put("type", "mrkdwn").put("text", "*Release*\n`" + escape(event.release()) + "`");
        fields.addObject().put("type", "mrkdwn").put("text", "*Services*\n" + event.services().size());
        event.failure().ifPresent(f -> blocks.addObject().put("type", "section").putObject("text")
                .put("type", "mrkdwn").put("text", Text.cut(failure(event, f), MAX_SECTION)));

        ObjectNode attachment = root.putArray("attachments").addObject().put("color", look.colour());
        ArrayNode details = attachment.putArray("blocks");
        if (!event.services().isEmpty()) {
            details.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", serviceList(event));
        }
        ArrayNode context = details.addObject().put("type", "context").putArray("elements");
        context.addObject().put("type", "mrkdwn").put("text", TIME.format(event.at().truncatedTo(ChronoUnit.SECONDS)));
        event.report().ifPresent(r -> context.addObject().put("type", "mrkdwn").put("text", Text.cut(report(r), 2000)));
        return json.writeValueAsString(root);
    }

    /** What a phone's notification or a client without blocks shows. */
    static String fallback(ReleaseEvent event) {
        String line = Look.of(event.kind()).emoji() + " " + escape(headline(event));
        return event.failure()
                .map(f -> line + " — " + escape(f.service()) + ": " + escape(Text.cut(f.reason(), MAX_REASON)))
                .orElse(line);
    }

    private static String headline(ReleaseEvent event) {
        return event.system() + ": release " + event.release() + " to " + event.environment() + " "
                + Look.of(event.kind()).verb();
    }

    private static String failure(ReleaseEvent event, ReleaseEvent.Failure f) {
        StringBuilder text = new StringBuilder("*`").append(escape(f.service())).append("` failed:* ")
                .append(escape(Text.cut(f.reason(), MAX_REASON)));
        List<String> stuck = event.stuck();
        if (!stuck.isEmpty()) {
            text.append("\n:warning: the rollback of ")
                    .append(String.join(", ", stuck.stream().map(s -> "`" + escape(s) + "`").toList()))
                    .append(" did not complete: a person must look");
        }
        return text.toString();
    }

    /** One line per service, as many as fit in a section and {@link #MAX_LISTED}; the rest are counted. */
    private static String serviceList(ReleaseEvent event) {
        List<String> lines = new ArrayList<>();
        int length = 0;
        int total = event.services().size();
        for (ReleaseEvent.ServiceChange s : event.services()) {
            String line = line(event.kind(), s);
            // room is kept for the "… and N more" line whenever services remain after this one
            int reserve = lines.size() + 1 < total ? 40 : 0;
            if (lines.size() == MAX_LISTED || length + line.length() + 1 + reserve > MAX_SECTION) {
                break;
            }
            lines.add(line);
            length += line.length() + 1;
        }
        if (lines.size() < total) {
            lines.add("… and " + (total - lines.size()) + " more");
        }
        return String.join("\n", lines);
    }

    private static String line(Notification.Event kind, ReleaseEvent.ServiceChange s) {
        String versions = escape(s.from().orElse("(new)")) + " → " + escape(s.to());
        String line = "• `" + escape(s.name()) + "` " + versions;
        return kind == Notification.Event.STARTED || kind == Notification.Event.AWAITING_APPROVAL ? line
                : line + " — " + escape(s.outcome());
    }

    private static String report(String report) {
        return report.startsWith("https://") || report.startsWith("http://")
                ? "<" + escape(report) + "|report>"
                : "details: `" + escape(report) + "`";
    }

    /** How an event looks: its emoji, the colour of its attachment's bar, and the verb of its headline. */
    private record Look(String emoji, String colour, String verb) {

        static Look of(Notification.Event kind) {
            return switch (kind) {
                case STARTED -> new Look(":rocket:", "#1d9bd1", "started");
                case AWAITING_APPROVAL -> new Look(":raised_hand:", "#4a154b", "awaits approval");
                case SUCCEEDED -> new Look(":white_check_mark:", "#2eb67d", "succeeded");
                case FAILED -> new Look(":x:", "#e01e5a", "failed");
                case ROLLED_BACK -> new Look(":leftwards_arrow_with_hook:", "#ecb22e", "rolled back");
            };
        }
    }

    /** Slack reads {@code & < >} as markup (links, mentions); a reason such as "p95 > 2× baseline" must not be. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
