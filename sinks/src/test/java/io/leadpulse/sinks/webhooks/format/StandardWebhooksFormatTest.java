package io.leadpulse.sinks.webhooks.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.format.wire.SampleAlerts;
import io.leadpulse.sinks.webhooks.format.wire.StandardWebhooksConsumer;
import io.leadpulse.sinks.webhooks.format.wire.Wire;
import io.leadpulse.sinks.webhooks.signing.StandardWebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StandardWebhooksFormatTest {
    final MessageFormat format = MessageFormats.of(WebhookFormat.STANDARD);
    final String secret = StandardWebhookSignature.newSecret();
    final StandardWebhooksConsumer consumer = new StandardWebhooksConsumer(secret);
    final Alert alert = SampleAlerts.silent();

    @AfterEach
    void stop() {
        consumer.close();
    }

    WebhookSubscription subscription(String secret) {
        return SampleAlerts.subscription(WebhookFormat.STANDARD, consumer.url("/hooks/leadpulse"), secret);
    }

    @Test
    void aConsumerVerifyingLikeTheReferenceLibrariesAcceptsTheDelivery() {
        OutgoingRequest request = format.render(subscription(secret), List.of(alert), Language.EN, Instant.now());

        Reply reply = Wire.send(request);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(format.read(reply, Instant.now()).outcome()).isEqualTo(Verdict.Outcome.DELIVERED);
    }

    @Test
    void theConsumerRejectsAWrongSecretAndAStaleAttempt() {
        Reply wrongSecret = Wire.send(format.render(subscription(StandardWebhookSignature.newSecret()), List.of(alert), Language.EN, Instant.now()));
        Reply stale = Wire.send(format.render(subscription(secret), List.of(alert), Language.EN, Instant.now().minus(Duration.ofMinutes(6))));

        assertThat(wrongSecret.status()).isEqualTo(400);
        assertThat(stale.status()).isEqualTo(400);
        assertThat(format.read(wrongSecret, Instant.now()))
                .isEqualTo(Verdict.retry("HTTP 400: no matching signature found"));
    }

    @Test
    void theBodyIsTypeTimestampAndTheAlertJsonExactlyAsStored() throws Exception {
        OutgoingRequest request = format.render(subscription(secret), List.of(alert), Language.ZH, Instant.now());

        String body = new String(request.body(), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"type\":\"lead.silent\",\"timestamp\":\"2026-11-22T09:31:40.120Z\",\"data\":"
                + AlertJson.toJson(alert) + "}");
        assertThat(new ObjectMapper().readTree(body).path("data").path("facts").path("lastCustomerMessages").size()).isEqualTo(2);
    }

    @Test
    void retriesCarryTheSameIdAndBodyWithTheirOwnTimestampAndSignature() {
        Instant first = Instant.parse("2026-11-22T09:32:00Z");
        Instant second = first.plus(Duration.ofMinutes(5));

        OutgoingRequest a = format.render(subscription(secret), List.of(alert), Language.EN, first);
        OutgoingRequest b = format.render(subscription(secret), List.of(alert), Language.ZH, second);

        assertThat(a.body()).isEqualTo(b.body());
        assertThat(a.headers()).containsEntry("webhook-id", alert.getId()).containsEntry("webhook-timestamp", "1795339920");
        assertThat(b.headers()).containsEntry("webhook-id", alert.getId()).containsEntry("webhook-timestamp", "1795340220");
        assertThat(a.headers().get("webhook-signature")).startsWith("v1,").isNotEqualTo(b.headers().get("webhook-signature"));
        assertThat(new StandardWebhookSignature(secret).verify(alert.getId(), "1795339920", a.headers().get("webhook-signature"), a.body(), first))
                .isTrue();
    }

    @Test
    void carriesOneAlertAndNeedsASecret() {
        assertThat(format.maxAlertsPerMessage()).isEqualTo(1);
        assertThat(format.rateLimit()).isEmpty();
        assertThatThrownBy(() -> format.render(subscription(secret), List.of(alert, SampleAlerts.deepRead()), Language.EN, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> format.render(subscription(null), List.of(alert), Language.EN, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsStatusesAsTheContractSays() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        assertThat(format.read(new Reply(200, Map.of(), ""), now)).isEqualTo(Verdict.delivered());
        assertThat(format.read(new Reply(299, Map.of(), "whatever"), now)).isEqualTo(Verdict.delivered());
        assertThat(format.read(new Reply(410, Map.of(), "gone"), now)).isEqualTo(Verdict.disable("HTTP 410: gone"));
        assertThat(format.read(new Reply(301, Map.of("location", "https://elsewhere"), ""), now)).isEqualTo(Verdict.retry("HTTP 301"));
        assertThat(format.read(new Reply(500, Map.of(), "x".repeat(500)), now)).isEqualTo(Verdict.retry("HTTP 500: " + "x".repeat(200)));
    }

    @Test
    void honoursRetryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        assertThat(format.read(new Reply(429, Map.of("retry-after", "120"), "slow down"), now))
                .isEqualTo(Verdict.retryNotBefore(now.plusSeconds(120), "HTTP 429: slow down"));
        assertThat(format.read(new Reply(503, Map.of("retry-after", "Sun, 22 Nov 2026 10:30:00 GMT"), ""), now))
                .isEqualTo(Verdict.retryNotBefore(Instant.parse("2026-11-22T10:30:00Z"), "HTTP 503"));
        assertThat(format.read(new Reply(503, Map.of("retry-after", "soon"), ""), now)).isEqualTo(Verdict.retry("HTTP 503"));
    }
}
