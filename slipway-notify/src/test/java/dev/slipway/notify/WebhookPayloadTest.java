package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Notification.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WebhookPayloadTest {

    @Test
    void aFailedEventHasEveryKeyInTheContractsOrder() {
        assertThat(WebhookPayload.render(Events.event(Event.FAILED))).isEqualTo("""
                {"type":"slipway.release.failed","schemaVersion":1,"release":"r-production-7","system":"shop",\
                "environment":"production","time":"2026-03-01T10:15:30Z","services":[\
                {"name":"catalog","from":"1.4.0","to":"2.0.0","outcome":"rolled-back"},\
                {"name":"frontend","from":null,"to":"3.1.0","outcome":"cancelled"}],\
                "failure":{"service":"catalog","reason":"canary step 2 failed: error rate 12.0% > 5%"},\
                "report":null}""");
    }

    @Test
    void keysThatDoNotApplyAreNullNotMissing() {
        String json = WebhookPayload.render(
                Events.event(Event.SUCCEEDED).withReport("slipway status --env production"));

        assertThat(json).contains("\"failure\":null", "\"report\":\"slipway status --env production\"",
                "\"from\":null");
    }

    @ParameterizedTest
    @EnumSource(Event.class)
    void everyKindConformsToThePublishedSchema(Event kind) {
        String json = WebhookPayload.render(Events.event(kind));

        assertThat(json).contains("\"type\":\"slipway.release." + kind.keyword() + "\"");
        assertThat(Schemas.WEBHOOK.check(json)).isEmpty();
    }

    @Test
    void theSchemaRefusesAFailedEventWithoutItsFailure() {
        String json = WebhookPayload.render(Events.event(Event.FAILED))
                .replaceAll("\"failure\":\\{[^}]*}", "\"failure\":null");

        assertThat(Schemas.WEBHOOK.check(json)).isNotEmpty();
    }
}
