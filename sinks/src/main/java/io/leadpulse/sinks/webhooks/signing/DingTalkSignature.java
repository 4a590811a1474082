package io.leadpulse.sinks.webhooks.signing;

import java.time.Instant;
import java.util.Base64;

/**
 * The DingTalk custom robot's "加签" signature: base64 HMAC-SHA256 keyed with the robot's secret over
 * {@code "<ms timestamp>\n<secret>"}. It travels URL-encoded in the query parameters {@code timestamp} and {@code sign};
 * DingTalk refuses timestamps more than an hour from its clock, so it is made at each attempt, never cached.
 */
public final class DingTalkSignature {
    private DingTalkSignature() {
    }

    /** The {@code sign} value before URL encoding. */
    public static String sign(String secret, Instant timestamp) {
        return sign(secret, Long.toString(timestamp.toEpochMilli()));
    }

    /** The signature for a timestamp as written on the wire (epoch milliseconds). */
    public static String sign(String secret, String timestampMillis) {
        return Base64.getEncoder().encodeToString(HmacSha256.mac(secret, timestampMillis + "\n" + secret));
    }
}
