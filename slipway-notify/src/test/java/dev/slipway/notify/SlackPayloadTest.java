package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Notification.Event;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SlackPayloadTest {

    @Test
    void aFailedReleaseHasHeaderFactsFailureAndARedServiceList() {
        JsonNode message = parse(SlackPayload.render(
                Events.event(Event.FAILED).withReport("slipway status --env production")));

        assertThat(message.get("text").asString()).isEqualTo(
                ":x: shop: release r-production-7 to production failed — catalog: canary step 2 failed: "
                        + "error rate 12.0% &gt; 5%");
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("text").asString())
                .isEqualTo(":x: shop: release r-production-7 to production failed");
        assertThat(blocks.get(1).get("fields")).extracting(f -> f.get("text").asString()).containsExactly(
                "*System*\nshop", "*Environment*\nproduction", "*Release*\n`r-production-7`", "*Services*\n2");
        assertThat(blocks.get(2).get("text").get("text").asString())
                .isEqualTo("*`catalog` failed:* canary step 2 failed: error rate 12.0% &gt; 5%");
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("color").asString()).isEqualTo("#e01e5a");
        assertThat(attachment.get("blocks").get(0).get("text").get("text").asString()).isEqualTo("""
                • `catalog` 1.4.0 → 2.0.0 — rolled-back
                • `frontend` (new) → 3.1.0 — cancelled""");
        assertThat(attachment.get("blocks").get(1).get("elements")).extracting(e -> e.get("text").asString())
                .containsExactly("2026-03-01 10:15:30 UTC", "details: `slipway status --env production`");
    }

    @Test
    void eachKindHasItsOwnEmojiAndColour() {
        assertThat(List.of(Event.values())).extracting(k -> parse(SlackPayload.render(Events.event(k))))
                .extracting(m -> m.get("blocks").get(0).get("text").get("text").asString().split(" ")[0]
                        + " " + m.get("attachments").get(0).get("color").asString())
                .containsExactly(":rocket: #1d9bd1", ":raised_hand: #4a154b", ":x: #e01e5a",
                        ":leftwards_arrow_with_hook: #ecb22e",
                        ":white_check_mark: #2eb67d");
    }

    @Test
    void aStartedReleaseListsVersionsWithoutOutcomes() {
        JsonNode message = parse(SlackPayload.render(Events.event(Event.STARTED)));

        assertThat(message.get("attachments").get(0).get("blocks").get(0).get("text").get("text").asString())
                .isEqualTo("• `catalog` 1.4.0 → 2.0.0\n• `frontend` (new) → 3.1.0");
        assertThat(message.get("blocks")).hasSize(2);
    }

    @Test
    void aRollbackThatDidNotCompleteAsksForAPerson() {
        ReleaseEvent event = new ReleaseEvent(Event.FAILED, "r-production-7", "shop", "production", Events.AT,
                List.of(new ReleaseEvent.ServiceChange("catalog", Optional.of("1.4.0"), "2.0.0", "failed")),
                Optional.of(Events.catalogFailed()), Optional.empty());

        assertThat(parse(SlackPayload.render(event)).get("blocks").get(2).get("text").get("text").asString())
                .endsWith("\n:warning: the rollback of `catalog` did not complete: a person must look");
    }

    @Test
    void fiftyServicesAreCutToTwentyLinesAndACount() {
        String json = SlackPayload.render(withServices(50, "service-"));
        String list = parse(json).get("attachments").get(0).get("blocks").get(0).get("text").get("text").asString();

        assertThat(list.lines()).hasSize(21);
        assertThat(list.lines().toList().get(19)).startsWith("• `service-19` ");
        assertThat(list.lines().toList().get(20)).isEqualTo("… and 30 more");
        assertThat(Schemas.SLACK.check(json)).isEmpty();
    }

    @Test
    void longNamesStillFitInOneSection() {
        String json = SlackPayload.render(withServices(50, "x".repeat(200) + "-"));
        String list = parse(json).get("attachments").get(0).get("blocks").get(0).get("text").get("text").asString();

        assertThat(list.length()).isLessThanOrEqualTo(3000);
        assertThat(list).endsWith(" more");
        assertThat(Schemas.SLACK.check(json)).isEmpty();
    }

    @Test
    void aLongSystemNameAndReasonStayWithinSlacksLimits() {
        ReleaseEvent event = new ReleaseEvent(Event.FAILED, "r-production-7", "s".repeat(200), "production",
                Events.AT, List.of(),
                Optional.of(new ReleaseEvent.Failure("catalog", "<!channel> " + "why ".repeat(2000))),
                Optional.empty());
        String json = SlackPayload.render(event);
        JsonNode message = parse(json);

        assertThat(message.get("blocks").get(0).get("text").get("text").asString()).hasSize(150).endsWith("…");
        assertThat(message.get("text").asString()).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
        assertThat(Schemas.SLACK.check(json)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Event.class)
    void everyKindConformsToSlacksLimits(Event kind) {
        assertThat(Schemas.SLACK.check(SlackPayload.render(Events.event(kind)))).isEmpty();
    }

    @Test
    void theLimitsSchemaRefusesATooLongHeader() {
        String json = SlackPayload.render(Events.event(Event.SUCCEEDED))
                .replace("\"text\":\":white_check_mark: shop", "\"text\":\"" + "h".repeat(151));

        assertThat(Schemas.SLACK.check(json)).isNotEmpty();
    }

    private static ReleaseEvent withServices(int count, String prefix) {
        List<ReleaseEvent.ServiceChange> services = IntStream.range(0, count)
                .mapToObj(i -> new ReleaseEvent.ServiceChange(prefix + i, Optional.of("1.0.0"), "1.1.0", "promoted"))
                .toList();
        return new ReleaseEvent(Event.SUCCEEDED, "r-production-7", "shop", "production", Events.AT, services,
                Optional.empty(), Optional.empty());
    }

    private static JsonNode parse(String json) {
        return JsonMapper.shared().readTree(json);
    }
}
