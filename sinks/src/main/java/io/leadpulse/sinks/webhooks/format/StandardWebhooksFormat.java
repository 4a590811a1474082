package io.leadpulse.sinks.webhooks.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.signing.StandardWebhookSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code format: standard}: one alert per message, as the Standard Webhooks specification describes (contract section
 * 5). The body depends on the alert alone, so it is byte for byte the same on every retry and a receiver can
 * deduplicate on {@code webhook-id}; only the timestamp and the signature change per attempt.
 */
final class StandardWebhooksFormat implements MessageFormat {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public int maxAlertsPerMessage() {
        return 1;
    }

    @Override
    public Optional<RateLimit> rateLimit() {
        return Optional.empty();
    }

    @Override
    public OutgoingRequest render(WebhookSubscription subscription, List<Alert> alerts, Language language, Instant attemptAt) {
        if (alerts.size() != 1) {
            throw new IllegalArgumentException("a Standard Webhooks message carries exactly one alert, not " + alerts.size());
        }
        if (subscription.getSecret() == null) {
            throw new IllegalArgumentException("standard subscription " + subscription.getId() + " has no secret to sign with");
        }
        Alert alert = alerts.get(0);
        byte[] body = body(alert);
        String signature = new StandardWebhookSignature(subscription.getSecret()).sign(alert.getId(), attemptAt, body);
        return new OutgoingRequest(URI.create(subscription.getUrl()), Map.of(
                "webhook-id", alert.getId(),
                "webhook-timestamp", Long.toString(attemptAt.getEpochSecond()),
                "webhook-signature", signature), body);
    }

    @Override
    public Verdict read(Reply reply, Instant receivedAt) {
        return HttpStatusVerdicts.of(reply, receivedAt);
    }

    /** {@code {"type", "timestamp", "data"}} with the alert's JSON spliced in as it is stored, not re-encoded. */
    static byte[] body(Alert alert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", alert.getType());
            json.writeStringField("timestamp", alert.getDetectedAt().toString());
            json.writeFieldName("data");
            json.writeRawValue(AlertJson.toJson(alert));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return out.toByteArray();
    }
}
