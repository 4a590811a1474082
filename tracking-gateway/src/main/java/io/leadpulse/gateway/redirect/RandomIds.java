package io.leadpulse.gateway.redirect;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Cryptographically strong random bytes without a shared lock or a system call per request: one DRBG per thread
 * (the JDK's default SecureRandom reads /dev/urandom and synchronises on every call).
 */
final class RandomIds {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });

    private RandomIds() {
    }

    static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.get().nextBytes(bytes);
        return bytes;
    }
}
