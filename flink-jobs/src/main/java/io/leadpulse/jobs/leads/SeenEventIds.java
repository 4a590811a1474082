package io.leadpulse.jobs.leads;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The event ids one lead has already taken in, each remembered for the idempotency window after it was first seen
 * (processing time, as Flink's state time-to-live counts), so a resent event has no further effect.
 *
 * <p>Why a map of first-seen times in one value rather than a {@code MapState} with a time-to-live: on the heap
 * backend, the background cleanup of a TTL map state copies every map it visits, on every state access, which took
 * a third of the lead function's time. The value holding this map gets the same time-to-live, refreshed by each
 * write, so a lead that stops sending events is still dropped whole; an id inside it counts only within its own window.
 */
public final class SeenEventIds {
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
        ids.values().removeIf(firstSeen -> expired(firstSeen, nowMillis, window));
        ids.put(id, nowMillis);
        return ids;
    }

    private static boolean expired(long firstSeenMillis, long nowMillis, Duration window) {
        return nowMillis - firstSeenMillis >= window.toMillis();
    }
}
