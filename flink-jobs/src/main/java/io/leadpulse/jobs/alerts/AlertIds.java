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
    private static final String PREFIX = "a-";
    /** The hex digits after the prefix: 128 bits of the digest. */
    private static final int DIGITS = 32;
    private static final HexFormat HEX = HexFormat.of();
    /** Looking up a digest walks the security providers; a task thread hashes one alert after another, so keep one. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(AlertIds::sha256);

    private AlertIds() {
    }

    public static String of(String type, String subject) {
        byte[] digest = SHA_256.get().digest((type + "|" + subject).getBytes(StandardCharsets.UTF_8));
        return PREFIX + HEX.formatHex(digest, 0, DIGITS / 2);
    }

    /**
     * The first 64 of the 128 bits of an id made by {@link #of}; with {@link #low} and {@link #of(long, long)}, how
     * state keeps many ids as two numbers each instead of a string each (a checkpoint writes a string char by char).
     *
     * @throws IllegalArgumentException if the id was not made by {@link #of}
     */
    public static long high(String id) {
        return digits(id, 0);
    }

    /** The last 64 of the 128 bits of an id made by {@link #of}. */
    public static long low(String id) {
        return digits(id, DIGITS / 2);
    }

    /** The id whose {@link #high} and {@link #low} bits these are. */
    public static String of(long high, long low) {
        return PREFIX + HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }

    private static long digits(String id, int from) {
        if (id.length() != PREFIX.length() + DIGITS || !id.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an alert id: " + id);
        }
        long bits = 0;
        int start = PREFIX.length() + from;
        for (int i = start; i < start + DIGITS / 2; i++) {
            char digit = id.charAt(i);
            int value;
            if (digit >= '0' && digit <= '9') {
                value = digit - '0';
            } else if (digit >= 'a' && digit <= 'f') {
                value = digit - 'a' + 10;
            } else {
                throw new IllegalArgumentException("not an alert id: " + id);
            }
            bits = bits << 4 | value;
        }
        return bits;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
