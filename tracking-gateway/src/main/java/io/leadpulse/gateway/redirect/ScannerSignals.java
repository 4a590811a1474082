package io.leadpulse.gateway.redirect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * Recognises mail security scanners (Safe Links, Proofpoint, Mimecast...) that open links with browser user agents,
 * by timing: a GET within {@link #TOO_SOON} of the link's creation, a GET after a HEAD from the same network and
 * agent, and bursts of GETs on one link from one network (requests already flagged by their user agent or
 * address are not judged here). Requests are flagged, never dropped. Memory is bounded
 * (recent requests per link and network, forgotten after a minute).
 */
public final class ScannerSignals {
    public static final String TOO_SOON = "scanner-too-soon";
    public static final String HEAD_THEN_GET = "scanner-head-then-get";
    public static final String BURST = "scanner-burst";

    static final Duration TOO_SOON_AFTER_CREATION = Duration.ofSeconds(2);
    static final Duration HEAD_THEN_GET_WINDOW = Duration.ofSeconds(10);
    static final Duration BURST_WINDOW = Duration.ofSeconds(1);
    /** More requests than this on one link from one network within the burst window are a burst. */
    static final int BURST_SIZE = 2;

    private final Cache<String, Recent> recent = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(1))
            .executor(Runnable::run) // upkeep on the calling thread: no hand-off to the common pool
            .build();

    /** What the timing says about this request, or empty when it looks like a person. */
    public Optional<String> judge(String code, String network, String userAgent, String method, Instant now, Instant linkCreatedAt) {
        Recent seen = recent.get(code + "|" + network, key -> new Recent());
        boolean head = "HEAD".equalsIgnoreCase(method);
        synchronized (seen) {
            boolean burst = seen.countWithin(now, BURST_WINDOW) >= BURST_SIZE;
            boolean afterHead = !head && seen.lastHead != null && Objects.equals(seen.lastHeadAgent, userAgent)
                    && Duration.between(seen.lastHead, now).compareTo(HEAD_THEN_GET_WINDOW) <= 0;
            seen.record(now, head, userAgent);
            if (head) {
                return Optional.empty(); // a HEAD is never a customer anyway
            }
            if (Duration.between(linkCreatedAt, now).compareTo(TOO_SOON_AFTER_CREATION) < 0) {
                return Optional.of(TOO_SOON);
            }
            if (afterHead) {
                return Optional.of(HEAD_THEN_GET);
            }
            return burst ? Optional.of(BURST) : Optional.empty();
        }
    }

    /** The recent requests on one link from one network. */
    private static final class Recent {
        private static final int KEEP = 8;
        private final Deque<Instant> times = new ArrayDeque<>(KEEP);
        private Instant lastHead;
        private String lastHeadAgent;

        int countWithin(Instant now, Duration window) {
            Instant since = now.minus(window);
            int count = 0;
            for (Instant t : times) {
                if (t.isAfter(since)) {
                    count++;
                }
            }
            return count;
        }

        /** GETs count towards bursts; a HEAD is remembered for the GET that may follow it. */
        void record(Instant now, boolean head, String userAgent) {
            if (head) {
                lastHead = now;
                lastHeadAgent = userAgent;
                return;
            }
            if (times.size() == KEEP) {
                times.removeFirst();
            }
            times.addLast(now);
        }
    }
}
