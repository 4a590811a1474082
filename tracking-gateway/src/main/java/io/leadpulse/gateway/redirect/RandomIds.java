package io.leadpulse.gateway.redirect;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Cryptographically strong random bytes without a shared lock or a system call per request: one DRBG per thread
 * (the JDK's default SecureRandom reads /dev/urandom and synchronises on every call), asked for a few kilobytes at a
 * time and handed out in slices, since each call to a DRBG costs a fixed round of hashing however few bytes it
 * returns (it was 8 % of an IO thread's time under wrk with one call per click id).
 */
final class RandomIds {
    private static final int REFILL = 4096;
    private static final ThreadLocal<Reserve> RESERVE = ThreadLocal.withInitial(Reserve::new);

    private RandomIds() {
    }

    static byte[] bytes(int count) {
        return RESERVE.get().take(count);
    }

    /** One thread's DRBG and the bytes it produced that were not handed out yet; each byte is handed out once. */
    private static final class Reserve {
        private final SecureRandom random = drbg();
        private final byte[] bytes = new byte[REFILL];
        private int next = REFILL;

        byte[] take(int count) {
            if (count > REFILL) {
                byte[] large = new byte[count];
                random.nextBytes(large);
                return large;
            }
            if (next + count > REFILL) {
                random.nextBytes(bytes);
                next = 0;
            }
            byte[] taken = Arrays.copyOfRange(bytes, next, next + count);
            Arrays.fill(bytes, next, next + count, (byte) 0);
            next += count;
            return taken;
        }

        private static SecureRandom drbg() {
            try {
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                return new SecureRandom();
            }
        }
    }
}
