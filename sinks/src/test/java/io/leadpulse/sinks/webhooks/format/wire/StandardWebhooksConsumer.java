package io.leadpulse.sinks.webhooks.format.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * An endpoint that verifies as the Standard Webhooks reference libraries do: HMAC-SHA256 over
 * {@code id.timestamp.body} with the base64-decoded secret, any of the space-separated {@code v1} signatures, a
 * timestamp within 5 minutes of its own clock; then it checks the payload is {@code {type, timestamp, data}}.
 */
public final class StandardWebhooksConsumer extends FakeReceiver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final byte[] key;

    public StandardWebhooksConsumer(String secret) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    @Override
    protected Answer answer(Received request) {
        String id = request.headers().get("webhook-id");
        String timestamp = request.headers().get("webhook-timestamp");
        String signatures = request.headers().get("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return new Answer(400, "text/plain", "missing required headers");
        }
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return new Answer(400, "text/plain", "message timestamp too old or too new");
        }
        byte[] signed = (id + "." + timestamp + "." + request.text()).getBytes(StandardCharsets.UTF_8);
        byte[] expected = TestHmac.base64(key, signed).getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String candidate : signatures.split(" ")) {
            if (candidate.startsWith("v1,")) {
                valid |= MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (!valid) {
            return new Answer(400, "text/plain", "no matching signature found");
        }
        try {
            JsonNode payload = JSON.readTree(request.body());
            if (!request.headers().getOrDefault("content-type", "").startsWith("application/json")
                    || !payload.path("type").isTextual() || !payload.path("timestamp").isTextual()
                    || !id.equals(payload.path("data").path("id").asText())) {
                return new Answer(422, "text/plain", "not a LeadPulse alert event");
            }
        } catch (Exception e) {
            return new Answer(400, "text/plain", "body is not JSON");
        }
        return new Answer(204, "text/plain", "");
    }
}
