package io.leadpulse.sinks.webhooks.delivery.pacing;

import io.leadpulse.sinks.webhooks.MessageFormat.RateLimit;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A receiver's rate limit kept as the times of the last messages sent: at most {@code messages} in any window of
 * {@code per}. A token bucket refilled at the same rate would allow a full bucket plus a window's refill within one
 * window, twice what a robot such as WeCom (20 per minute) takes before it answers "rate limited".
 */
public final class SendWindow {
    private final RateLimit limit;
    private final Deque<Instant> sent = new ArrayDeque<>();

    public SendWindow(RateLimit limit) {
        if (limit.messages() < 1 || limit.per().isNegative() || limit.per().isZero()) {
            throw new IllegalArgumentException("a rate limit needs at least one message per positive period: " + limit);
        }
        this.limit = limit;
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
        Instant windowStart = now.minus(limit.per());
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(windowStart)) {
            sent.removeFirst();
        }
    }
}
