package io.leadpulse.sinks.webhooks.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The Standard Webhooks signature (contract section 5): {@code v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>">}
 * keyed with the base64-decoded secret after {@code whsec_}. Receivers verify it the way the reference libraries do,
 * so {@link #verify} follows them too: several space-separated signatures, constant-time comparison, and a timestamp
 * within {@link #TOLERANCE} either way, which is what stops a captured request from being replayed later.
 */
public final class StandardWebhookSignature {
    /** How far a timestamp may be from the receiver's clock, in either direction, in every reference library. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final int SECRET_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    /** @param secret {@code whsec_<base64>}, or the bare base64 part (the reference libraries accept both) */
    public StandardWebhookSignature(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            this.key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Standard Webhooks secret is whsec_ followed by base64", e);
        }
    }

    /** A new secret for a subscription: 24 random bytes, as the reference implementations generate. */
    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The {@code webhook-signature} header value for this message. */
    public String sign(String messageId, Instant timestamp, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(HmacSha256.mac(key, signedContent(messageId,
                Long.toString(timestamp.getEpochSecond()), body)));
    }

    /**
     * Whether a received message is authentic and fresh.
     *
     * @param timestampHeader the {@code webhook-timestamp} header as received (unix seconds)
     * @param signatureHeader the {@code webhook-signature} header: one or more space-separated {@code v1,<base64>}
     */
    public boolean verify(String messageId, String timestampHeader, String signatureHeader, byte[] body, Instant now) {
        if (messageId == null || timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = Base64.getEncoder().encode(HmacSha256.mac(key, signedContent(messageId, timestampHeader.trim(), body)));
        boolean matched = false;
        for (String versioned : signatureHeader.trim().split(" +")) {
            int comma = versioned.indexOf(',');
            if (comma < 0 || !VERSION.equals(versioned.substring(0, comma))) {
                continue;
            }
            // Every candidate is compared, in constant time, so timing tells nothing about which part matched.
            matched |= MessageDigest.isEqual(expected, versioned.substring(comma + 1).getBytes(StandardCharsets.US_ASCII));
        }
        return matched;
    }

    private static byte[] signedContent(String messageId, String timestamp, byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(body.length + 64);
        content.writeBytes((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        content.writeBytes(body);
        return content.toByteArray();
    }
}
