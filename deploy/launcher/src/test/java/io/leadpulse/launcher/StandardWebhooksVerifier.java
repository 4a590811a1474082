package io.leadpulse.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a Standard Webhooks message, written from the specification as its reference libraries do
 * it: HMAC-SHA256 keyed with the base64 part of the {@code whsec_} secret over {@code <id>.<timestamp>.<body>},
 * base64, compared in constant time with each space-separated {@code v1,} signature, and the timestamp within 5 minutes
 * of the receiver's clock.
 */
final class StandardWebhooksVerifier {
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;

    StandardWebhooksVerifier(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("not a Standard Webhooks secret: " + secret);
        }
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    boolean verifies(WebhookReceiver.Received message, Instant now) throws Exception {
        String id = message.header("webhook-id");
        String timestamp = message.header("webhook-timestamp");
        String signatures = message.header("webhook-signature");
        if (id == null || timestamp == null || signatures == null
                || Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > TOLERANCE.toSeconds()) {
            return false;
        }
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = Base64.getEncoder().encode(hmac.doFinal((id + "." + timestamp + "." + message.body()).getBytes(StandardCharsets.UTF_8)));
        boolean matched = false;
        for (String candidate : signatures.split(" ")) {
            if (candidate.startsWith("v1,")) {
                matched |= MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return matched;
    }
}
