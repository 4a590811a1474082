package io.leadpulse.gateway.webhooks;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The signing secrets of {@code standard} subscriptions, in the Standard Webhooks spelling: {@code whsec_} followed by
 * the base64 of the key. The gateway makes one for every new subscription, or keeps one a receiver already has.
 */
final class WebhookSecrets {
    static final String PREFIX = "whsec_";
    /** 192 bits: more than HMAC-SHA256 needs to be unguessable, and what the specification's examples use. */
    static final int KEY_BYTES = 24;
    /** A longer key adds nothing to HMAC-SHA256 beyond its 64-byte block. */
    static final int MAX_KEY_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    static String generate() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Why a secret sent for a {@code standard} subscription cannot be its signing secret, or empty when it can. */
    static Optional<String> problemWith(String secret) {
        String expected = "secret for a standard webhook must be \"" + PREFIX + "\" followed by the base64 of "
                + KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, or left out to have one generated";
        if (!secret.startsWith(PREFIX)) {
            return Optional.of(expected);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            return Optional.of(expected);
        }
        return key.length < KEY_BYTES || key.length > MAX_KEY_BYTES ? Optional.of(expected) : Optional.empty();
    }
}
