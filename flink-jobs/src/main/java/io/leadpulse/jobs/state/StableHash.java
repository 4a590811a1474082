package io.leadpulse.jobs.state;

/**
 * A text as a 64-bit number that every release computes alike (FNV-1a, mixed by MurmurHash3's finaliser), so state can
 * remember many texts as one {@code long} each and its checkpoints outlive upgrades. Two texts share a number with a
 * chance of about 1 in 2^64: each use says what such a shared number would cost. Kept as strings, these texts were
 * what the heap checkpoint spent its time writing, a character at a time, and most of each lead's objects.
 */
public final class StableHash {
    private StableHash() {
    }

    public static long of(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 33)) * 0xff51afd7ed558ccdL;
        hash = (hash ^ (hash >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return hash ^ (hash >>> 33);
    }
}
