package io.leadpulse.jobs.leads;

import io.leadpulse.jobs.state.StableHash;
import java.time.Duration;

/**
 * The event ids one lead has already taken in, each remembered for the idempotency window after it was first seen
 * (processing time, as a state time-to-live would count it), so a resent event has no further effect.
 *
 * <p>Why one {@code long[]} of pairs (an id's {@link StableHash}, when it was first seen) in the lead's value rather
 * than a map of id strings, or a {@code MapState} with a time-to-live: on the heap backend, the background cleanup of a
 * TTL state runs on every state access, walking the state table and copying every map it visits (a third of the lead
 * function's time once); a map of strings made each remembered id four objects for the collector to copy and the
 * checkpoint to write character by character. Two different ids on one lead share a number with a chance of about
 * n^2 / 2^65 for n ids in a window (a thousand events on one lead in a week: 3 in 10^14); the cost of a shared number
 * is the later event taken for a resend of the earlier. While the lead lives, each new id drops the expired ones
 * ({@link #remember}); once it is released, the function sets one processing-time timer at {@link #nextExpiry}, which
 * drops what has expired.
 */
public final class SeenEventIds {
    /** No ids left to forget. */
    public static final long NONE = Long.MIN_VALUE;

    private SeenEventIds() {
    }

    /** The number by which an event id is remembered. */
    public static long keyOf(String eventId) {
        return StableHash.of(eventId);
    }

    /** Whether the id of {@code key} was seen less than {@code window} before {@code nowMillis}; {@code seen} may be null. */
    public static boolean contains(long[] seen, long key, long nowMillis, Duration window) {
        if (seen == null) {
            return false;
        }
        for (int i = 0; i < seen.length; i += 2) {
            if (seen[i] == key && !expired(seen[i + 1], nowMillis, window)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Remembers the id of {@code key} as seen at {@code nowMillis} and forgets the ids whose window has passed.
     *
     * @return the ids to store: those still in their window, then this one
     */
    public static long[] remember(long[] seen, long key, long nowMillis, Duration window) {
        long[] ids = unexpired(seen, nowMillis, window, 2);
        ids[ids.length - 2] = key;
        ids[ids.length - 1] = nowMillis;
        return ids;
    }

    /** The ids still in their window at {@code nowMillis}: {@code seen} itself if none has expired, null if none is left. */
    public static long[] forgetExpired(long[] seen, long nowMillis, Duration window) {
        if (nextExpiry(seen, window) > nowMillis) {
            return seen;
        }
        long[] ids = unexpired(seen, nowMillis, window, 0);
        return ids.length == 0 ? null : ids;
    }

    /** A new array of the ids still in their window, with {@code room} free places at its end. */
    private static long[] unexpired(long[] seen, long nowMillis, Duration window, int room) {
        int kept = 0;
        for (int i = 0; seen != null && i < seen.length; i += 2) {
            if (!expired(seen[i + 1], nowMillis, window)) {
                kept += 2;
            }
        }
        long[] ids = new long[kept + room];
        int at = 0;
        for (int i = 0; seen != null && i < seen.length; i += 2) {
            if (!expired(seen[i + 1], nowMillis, window)) {
                ids[at++] = seen[i];
                ids[at++] = seen[i + 1];
            }
        }
        return ids;
    }

    /** When the first of the remembered ids expires, or {@link #NONE} if there are none ({@code seen} may be null). */
    public static long nextExpiry(long[] seen, Duration window) {
        long next = NONE;
        for (int i = 0; seen != null && i < seen.length; i += 2) {
            long expiry = seen[i + 1] + window.toMillis();
            next = next == NONE ? expiry : Math.min(next, expiry);
        }
        return next;
    }

    private static boolean expired(long firstSeenMillis, long nowMillis, Duration window) {
        return nowMillis - firstSeenMillis >= window.toMillis();
    }
}
