package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.Notification;
import dev.slipway.model.Notification.Event;
import dev.slipway.notify.HookServer.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

// a guard against a hang, not an assertion: every test here ends in well under a second or two
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotifierTest {

    private static final String SECRET = "hmac-sekrit-value";

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private HookServer hooks;

    @BeforeEach
    void start() throws IOException {
        hooks = HookServer.start();
    }

    @AfterEach
    void stop() {
        hooks.close();
    }

    @Test
    void aWebhookGetsTheEventAsJsonSignedWithTheSecret() throws Exception {
        try (Notifier notifier = open(List.of(webhook(hooks.url("/hook"), "HOOK_SECRET", Event.values())),
                Map.of("HOOK_SECRET", SECRET), fast(3))) {
            notifier.send(Events.event(Event.FAILED));
        }

        assertThat(hooks.requests()).hasSize(1);
        HookServer.Request request = hooks.requests().get(0);
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Slipway-Event")).isEqualTo("slipway.release.failed");
        assertThat(request.header("X-Slipway-Delivery"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(request.header("X-Slipway-Signature")).isEqualTo("sha256=" + hmac(SECRET, request.body()));
        assertThat(request.text()).isEqualTo(WebhookPayload.render(Events.event(Event.FAILED)));
        JsonNode body = JsonMapper.shared().readTree(request.text());
        assertThat(body.get("failure").get("service").asString()).isEqualTo("catalog");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aWebhookWithoutASecretIsUnsigned() {
        try (Notifier notifier = open(List.of(webhook(hooks.url("/hook"), null, Event.values())), Map.of(),
                fast(3))) {
            notifier.send(Events.event(Event.SUCCEEDED));
        }

        assertThat(hooks.requests()).singleElement()
                .satisfies(r -> assertThat(r.header("X-Slipway-Signature")).isNull());
    }

    @Test
    void slackGetsItsPayloadAtTheUrlFromTheEnvironment() {
        try (Notifier notifier = open(List.of(slack("SLACK_URL", Event.values())),
                Map.of("SLACK_URL", hooks.url("/services/T0/B0/token")), fast(3))) {
            notifier.send(Events.event(Event.SUCCEEDED));
        }

        HookServer.Request request = hooks.requests().get(0);
        assertThat(request.path()).isEqualTo("/services/T0/B0/token");
        assertThat(request.text()).isEqualTo(SlackPayload.render(Events.event(Event.SUCCEEDED)));
        JsonNode body = JsonMapper.shared().readTree(request.text());
        assertThat(body.get("text").asString()).startsWith(":white_check_mark: shop: release r-production-7");
        assertThat(body.get("blocks").get(0).get("type").asString()).isEqualTo("header");
        assertThat(request.header("X-Slipway-Signature")).isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithTheSameDeliveryIdAndBody() {
        hooks.answer(Answer.of(500), Answer.of(502));

        try (Notifier notifier = open(List.of(webhook(hooks.url("/hook"), "HOOK_SECRET", Event.values())),
                Map.of("HOOK_SECRET", SECRET), fast(5))) {
            notifier.send(Events.event(Event.FAILED));
        }

        List<HookServer.Request> requests = hooks.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.header("X-Slipway-Delivery")).containsOnly(
                requests.get(0).header("X-Slipway-Delivery"));
        assertThat(requests).extracting(HookServer.Request::text).containsOnly(requests.get(0).text());
        assertThat(requests).extracting(r -> r.header("X-Slipway-Signature")).containsOnly(
                requests.get(0).header("X-Slipway-Signature"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
        hooks.answer(Answer.of(429).header("Retry-After", "1"));

        try (Notifier notifier = open(List.of(webhook(hooks.url("/hook"), null, Event.values())), Map.of(),
                new Notifier.Options(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2),
                        Duration.ofSeconds(5), Duration.ofSeconds(20)))) {
            notifier.send(Events.event(Event.STARTED));
        }

        List<HookServer.Request> requests = hooks.requests();
        assertThat(requests).hasSize(2);
        // a lower bound only, which load cannot break: the backoff alone would retry after a few milliseconds
        assertThat(Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRetryAfterLongerThanTheCapWaitsOnlyTheCap() {
        hooks.answer(Answer.of(503).header("Retry-After", "3600"));

        // were the hour honoured, close() would give up on the delivery and warn
        try (Notifier notifier = open(List.of(webhook(hooks.url("/hook"), null, Event.values())), Map.of(),
                fast(3))) {
            notifier.send(Events.event(Event.STARTED));
        }

        assertThat(hooks.requests()).hasSize(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aClientErrorIsNotRetried() {
        hooks.always(Answer.of(400, "invalid_payload"));

        try (Notifier notifier = open(List.of(slack("SLACK_URL", Event.values())),
                Map.of("SLACK_URL", hooks.url("/services/T0/B0/token")), fast(5))) {
            notifier.send(Events.event(Event.SUCCEEDED));
        }

        assertThat(hooks.requests()).hasSize(1);
        assertThat(warnings).singleElement().asString()
                .contains("release r-production-7 \"succeeded\" not delivered", "HTTP 400", "not retried",
                        "invalid_payload");
    }

    @Test
    void aRedirectIsNeitherFollowedNorRetried() {
        hooks.always(Answer.of(302).header("Location", hooks.url("/elsewhere")));

        try (Notifier notifier = open(List.of(webhook(hooks.url("/hook"), "HOOK_SECRET", Event.values())),
                Map.of("HOOK_SECRET", SECRET), fast(5))) {
            notifier.send(Events.event(Event.FAILED));
        }

        assertThat(hooks.requests()).extracting(HookServer.Request::path).containsExactly("/hook");
        assertThat(warnings).singleElement().asString().contains("HTTP 302 (not retried: redirects are not followed)");
    }

    @Test
    void afterTheLastAttemptItGivesUpWithOneWarningAndNoException() {
        hooks.always(Answer.of(503));
        Notifier notifier = open(List.of(webhook(hooks.url("/hook"), null, Event.values())), Map.of(), fast(3));

        notifier.send(Events.event(Event.FAILED));
        notifier.close();

        assertThat(hooks.requests()).hasSize(3);
        assertThat(warnings).singleElement().asString()
                .startsWith("notifications[0] (webhook, http://127.0.0.1:")
                .contains("\"failed\" not delivered: gave up after 3 attempts; last: HTTP 503");
    }

    @Test
    void connectionErrorsAreRetriedUntilTheLastAttempt() throws IOException {
        String nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }

        try (Notifier notifier = open(List.of(webhook(nobody, null, Event.values())), Map.of(), fast(3))) {
            notifier.send(Events.event(Event.FAILED));
        }

        assertThat(warnings).singleElement().asString()
                .contains("gave up after 3 attempts; last: ", "ConnectException");
    }

    @Test
    void aReceiverGetsOnlyTheEventsItSubscribedToInTheOrderSent() {
        try (Notifier notifier = open(List.of(webhook(hooks.url("/hook"), null, Event.FAILED, Event.ROLLED_BACK)),
                Map.of(), fast(3))) {
            for (Event kind : List.of(Event.STARTED, Event.FAILED, Event.ROLLED_BACK, Event.SUCCEEDED)) {
                notifier.send(Events.event(kind));
            }
        }

        assertThat(hooks.requests()).extracting(r -> r.header("X-Slipway-Event"))
                .containsExactly("slipway.release.failed", "slipway.release.rolled-back");
    }

    @Test
    void aMissingVariableIsAWarningNamingItAndThatNotificationIsSkipped() {
        try (Notifier notifier = open(List.of(
                        slack("SLACK_URL", Event.values()),
                        webhookFromEnv("HOOK_URL", "HOOK_SECRET"),
                        webhook(hooks.url("/other"), null, Event.values())),
                Map.of("HOOK_URL", hooks.url("/signed")), fast(3))) {
            notifier.send(Events.event(Event.SUCCEEDED));
        }

        assertThat(warnings).containsExactly(
                "notifications[0] (slack): environment variable SLACK_URL is not set; this notification is skipped",
                "notifications[1] (webhook, " + hooks.url("/…") + " from $HOOK_URL): environment variable "
                        + "HOOK_SECRET is not set; this notification is skipped rather than sent unsigned");
        assertThat(hooks.requests()).extracting(HookServer.Request::path).containsExactly("/other");
    }

    @Test
    void noWarningEverShowsTheSecretOrTheSecretUrl() throws IOException {
        String secretPath = "/hooks/T123/B456/sekrit-token";
        String secretUrl = hooks.url(secretPath + "?key=sekrit-query");
        String deadUrl;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadUrl = "http://127.0.0.1:" + socket.getLocalPort() + "/hooks/sekrit-dead-token";
        }
        // the receiver quotes what it was sent, as careless ones do
        hooks.always(Answer.of(401, "bad token " + secretUrl + " " + secretPath + " signed with " + SECRET));

        try (Notifier notifier = open(List.of(
                        webhookFromEnv("HOOK_URL", "HOOK_SECRET"),
                        webhookFromEnv("DEAD_URL", "HOOK_SECRET"),
                        slack("GARBLED_URL", Event.values()),
                        slack("RELATIVE_URL", Event.values())),
                Map.of("HOOK_URL", secretUrl, "HOOK_SECRET", SECRET, "DEAD_URL", deadUrl,
                        "GARBLED_URL", "ht tp://sekrit garbled", "RELATIVE_URL", "/sekrit/relative"), fast(2))) {
            notifier.send(Events.event(Event.FAILED));
        }

        assertThat(warnings).hasSize(4);
        assertThat(warnings).noneMatch(w -> w.contains("sekrit"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("HTTP 401", "$HOOK_URL", hooks.url("/…")));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("$DEAD_URL", "ConnectException"));
        assertThat(warnings).contains(
                "notifications[2] (slack): environment variable GARBLED_URL does not hold an http(s) URL; "
                        + "this notification is skipped",
                "notifications[3] (slack): environment variable RELATIVE_URL does not hold an http(s) URL; "
                        + "this notification is skipped");
    }

    @Test
    void sendReturnsWhileTheReceiverIsStillAnswering() throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(1);
        Notifier notifier = open(List.of(webhook(hooks.url("/hook"), null, Event.values())), Map.of(), fast(3));
        // the receiver holds its answer until send() has returned: a send() that waited would never return
        hooks.holdUntil(sent);

        notifier.send(Events.event(Event.STARTED));
        sent.countDown();
        notifier.close();

        assertThat(hooks.requests()).hasSize(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    void closeWaitsForDeliveriesStillBeingRetried() {
        hooks.answer(Answer.of(503), Answer.of(503));
        Notifier notifier = open(List.of(webhook(hooks.url("/hook"), null, Event.values())), Map.of(),
                new Notifier.Options(5, Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(1),
                        Duration.ofSeconds(5), Duration.ofSeconds(20)));

        notifier.send(Events.event(Event.FAILED));
        notifier.send(Events.event(Event.ROLLED_BACK));
        notifier.close();

        assertThat(hooks.requests()).extracting(r -> r.header("X-Slipway-Event")).containsExactly(
                "slipway.release.failed", "slipway.release.failed", "slipway.release.failed",
                "slipway.release.rolled-back");
        assertThat(warnings).isEmpty();
    }

    @Test
    void closeGivesUpAtItsDeadlineWithAWarningPerUndeliveredEvent() {
        hooks.always(Answer.of(503));
        Notifier notifier = open(List.of(webhook(hooks.url("/hook"), null, Event.values())), Map.of(),
                new Notifier.Options(5, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
                        Duration.ofSeconds(5), Duration.ofMillis(300)));

        notifier.send(Events.event(Event.FAILED));
        notifier.send(Events.event(Event.ROLLED_BACK));
        notifier.close();

        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w)
                .contains("not delivered: not confirmed before the notifier closed (it waited 300 ms)"));
        assertThat(warnings.get(0)).contains("\"failed\"");
        assertThat(warnings.get(1)).contains("\"rolled-back\"");
    }

    @Test
    void sendingAfterCloseIsAProgrammingError() {
        Notifier notifier = open(List.of(), Map.of(), fast(3));
        notifier.close();
        notifier.close();

        assertThatThrownBy(() -> notifier.send(Events.event(Event.STARTED)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private Notifier open(List<Notification> notifications, Map<String, String> env, Notifier.Options options) {
        return Notifier.open(notifications, env::get, warnings::add, options);
    }

    /** Retries after milliseconds, so the tests run fast; generous timeouts, so a loaded machine passes. */
    static Notifier.Options fast(int attempts) {
        return new Notifier.Options(attempts, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(50),
                Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    static Notification webhook(String url, String secretEnv, Event... events) {
        return new Notification(Notification.Kind.WEBHOOK, Optional.of(url), Optional.empty(),
                Optional.ofNullable(secretEnv), List.of(events));
    }

    static Notification webhookFromEnv(String urlEnv, String secretEnv) {
        return new Notification(Notification.Kind.WEBHOOK, Optional.empty(), Optional.of(urlEnv),
                Optional.of(secretEnv), List.of(Event.values()));
    }

    static Notification slack(String urlEnv, Event... events) {
        return new Notification(Notification.Kind.SLACK, Optional.empty(), Optional.of(urlEnv), Optional.empty(),
                List.of(events));
    }

    /** HMAC-SHA256 computed here, independently of {@link Signature}. */
    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
