package io.leadpulse.jobs.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: a hash of the alert type and what the alert is about (a click, a reach, a silent period),
 * so the same alert detected again, after a failover or on a replay, has the same id everywhere.
 */
public final class AlertIds {
    private static final HexFormat HEX = HexFormat.of();
    /** Looking up a digest walks the security providers; a task thread hashes one alert after another, so keep one. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(AlertIds::sha256);

    private AlertIds() {
    }

    public static String of(String type, String subject) {
        byte[] digest = SHA_256.get().digest((type + "|" + subject).getBytes(StandardCharsets.UTF_8));
        return "a-" + HEX.formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
