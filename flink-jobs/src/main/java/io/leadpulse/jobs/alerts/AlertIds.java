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
    private AlertIds() {
    }

    public static String of(String type, String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type + "|" + subject).getBytes(StandardCharsets.UTF_8));
            return "a-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
