package io.leadpulse.sinks.webhooks.signing;

import java.time.Instant;
import java.util.Base64;

/**
 * The Feishu/Lark custom bot's signature: base64 HMAC-SHA256 keyed with {@code "<s timestamp>\n<secret>"} over the
 * empty string (the key, not the data, carries the content - that is how Feishu defines it). It travels in the body as
 * {@code timestamp} (seconds, a string) and {@code sign}; Feishu refuses timestamps more than an hour away.
 */
public final class FeishuSignature {
    private FeishuSignature() {
    }

    public static String sign(String secret, Instant timestamp) {
        return sign(secret, Long.toString(timestamp.getEpochSecond()));
    }

    /** The signature for a timestamp as written on the wire (epoch seconds). */
    public static String sign(String secret, String timestampSeconds) {
        return Base64.getEncoder().encodeToString(HmacSha256.mac(timestampSeconds + "\n" + secret, ""));
    }
}
