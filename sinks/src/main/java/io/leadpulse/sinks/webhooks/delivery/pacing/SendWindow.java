package io.leadpulse.sinks.webhooks.delivery.pacing;

import io.leadpulse.sinks.webhooks.MessageFormat.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A receiver's rate limit kept as the times of the last messages sent: at most {@code messages} in any window of
 * {@code per}. A token bucket refilled at the same rate would allow a full bucket plus a window's refill within one
 * window, twice what a robot such as WeCom (20 per minute) takes before it answers "rate limited".
 */
public final class SendWindow {
    /**
     * The receiver counts arrivals, which lag the moment a message is let through by a few varying milliseconds; so
     * a message is forgotten a little later than the receiver's period says.
     */
    static Duration leeway(Duration per) {
        Duration fiftieth = per.dividedBy(50);
        Duration least = Duration.ofMillis(50);
        return fiftieth.compareTo(least) > 0 ? fiftieth : least;
    }

    private final RateLimit limit;
    private final Duration kept;
    private final Deque<Instant> sent = new ArrayDeque<>();

    public SendWindow(RateLimit limit) {
        if (limit.messages() < 1 || limit.per().isNegative() || limit.per().isZero()) {
            throw new IllegalArgumentException("a rate limit needs at least one message per positive period: " + limit);
        }
        this.limit = limit;
        this.kept = limit.per().plus(leeway(limit.per()));
    }

    /** How many more messages may be sent at {@code now}. */
    public int room(Instant now) {
        forgetBefore(now);
        return limit.messages() - sent.size();
    }

    /** A message went out at {@code at}. */
    public void sent(Instant at) {
        sent.addLast(at);
    }

    private void forgetBefore(Instant now) {
        Instant windowStart = now.minus(kept);
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(windowStart)) {
            sent.removeFirst();
        }
    }
}
