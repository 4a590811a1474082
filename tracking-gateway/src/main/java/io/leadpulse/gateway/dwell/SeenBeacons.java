package io.leadpulse.gateway.dwell;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Which beacons of each click the gateway took lately, so that a repeated {@code (c, s)} (t.js flushing on both
 * {@code visibilitychange} and {@code pagehide}, a retried request) counts once. One entry per click, not per beacon:
 * the highest sequence number seen and a window of the {@value #WINDOW} numbers below it, the way a replay window
 * works. A number older than the window is let through (t.js counts up one per beat, so that is a beacon delayed by
 * more than {@value #WINDOW} beats); the detection job counts {@code (c, s)} once exactly in its own state.
 * Non-blocking apart from a per-click lock held for a few instructions, so it may be used on IO threads.
 */
final class SeenBeacons {
    static final int WINDOW = 64;
    private final Cache<String, Window> clicks;

    SeenBeacons(long maxClicks, Duration forHowLong) {
        this.clicks = Caffeine.newBuilder().maximumSize(maxClicks).expireAfterAccess(forHowLong)
                .executor(Runnable::run) // upkeep on the calling IO thread: no hand-off to the common pool per request
                .build();
    }

    /** True the first time this beacon of this click is offered, false for a repeat. */
    boolean firstTime(String clickId, long sequence) {
        return clicks.get(clickId, id -> new Window()).firstTime(sequence);
    }

    /** Forgets a beacon, so that one the gateway could not take may be sent again. */
    void forget(String clickId, long sequence) {
        Window window = clicks.getIfPresent(clickId);
        if (window != null) {
            window.forget(sequence);
        }
    }

    /** Bit i of {@code seen} stands for sequence number {@code highest - i}. */
    private static final class Window {
        private long highest = -1;
        private long seen;

        synchronized boolean firstTime(long sequence) {
            if (sequence > highest) {
                long shift = sequence - highest;
                seen = (shift >= WINDOW ? 0 : seen << shift) | 1;
                highest = sequence;
                return true;
            }
            long back = highest - sequence;
            if (back >= WINDOW) {
                return true;
            }
            long bit = 1L << back;
            boolean first = (seen & bit) == 0;
            seen |= bit;
            return first;
        }

        synchronized void forget(long sequence) {
            long back = highest - sequence;
            if (back >= 0 && back < WINDOW) {
                seen &= ~(1L << back);
            }
        }
    }
}
