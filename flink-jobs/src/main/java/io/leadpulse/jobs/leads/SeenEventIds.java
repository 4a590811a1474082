package io.leadpulse.jobs.leads;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The event ids one lead has already taken in, each remembered for the idempotency window after it was first seen
 * (processing time, as a state time-to-live would count it), so a resent event has no further effect.
 *
 * <p>Why a map of first-seen times in one value rather than a {@code MapState} with a time-to-live: on the heap
 * backend, the background cleanup of a TTL state runs on every state access, walking the state table and copying every
 * map it visits; in the throughput profile that was a third of the lead function's time. While the lead lives, each
 * new id drops the expired ones ({@link #remember}); once it is released, the function sets one processing-time
 * timer at {@link #nextExpiry}, which drops what has expired.
 */
public final class SeenEventIds {
    /** No ids left to forget. */
    public static final long NONE = Long.MIN_VALUE;

    private SeenEventIds() {
    }

    /** Whether {@code id} was seen less than {@code window} before {@code nowMillis}; {@code seen} may be null. */
    public static boolean contains(Map<String, Long> seen, String id, long nowMillis, Duration window) {
        Long firstSeen = seen == null ? null : seen.get(id);
        return firstSeen != null && !expired(firstSeen, nowMillis, window);
    }

    /**
     * Remembers {@code id} as seen at {@code nowMillis} and forgets the ids whose window has passed.
     *
     * @return the map to store: {@code seen} itself, or a new one if it was null
     */
    public static Map<String, Long> remember(Map<String, Long> seen, String id, long nowMillis, Duration window) {
        Map<String, Long> ids = seen == null ? new HashMap<>() : seen;
        forgetExpired(ids, nowMillis, window);
        ids.put(id, nowMillis);
        return ids;
    }

    /** Drops the ids whose window has passed by {@code nowMillis}. */
    public static void forgetExpired(Map<String, Long> seen, long nowMillis, Duration window) {
        seen.values().removeIf(firstSeen -> expired(firstSeen, nowMillis, window));
    }

    /** When the first of the remembered ids expires, or {@link #NONE} if there are none. */
    public static long nextExpiry(Map<String, Long> seen, Duration window) {
        long next = NONE;
        for (long firstSeen : seen.values()) {
            long expiry = firstSeen + window.toMillis();
            next = next == NONE ? expiry : Math.min(next, expiry);
        }
        return next;
    }

    private static boolean expired(long firstSeenMillis, long nowMillis, Duration window) {
        return nowMillis - firstSeenMillis >= window.toMillis();
    }
}
