package io.leadpulse.sinks.webhooks.delivery.pacing;

import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.MessageFormat.RateLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One subscription's share of the sender: a bounded number of messages in flight (several for Standard Webhooks
 * endpoints, one for chat robots so their messages arrive in order), the receiver's rate limit, and a pause while
 * the receiver asked to be left alone. A slow or dead receiver fills only its own lane; the scheduler simply stops
 * taking its deliveries until a message comes back.
 *
 * <p>A receiver that fails without saying when to come back (an error status, no answer in time) gets half as many
 * messages at once after each such failure, down to one, and one more after each message it takes, up to the
 * lane's capacity: as TCP backs off a congested path. A dead endpoint therefore soon holds one place, not its whole
 * lane, and many of them together cannot use up what the sink has in flight for everyone (a wide lane would
 * otherwise let a few dead endpoints do that); an overloaded one is given room to recover.
 */
public final class Lane {
    /** Messages in flight at once to a chat robot: one, so a conversation reads in order. */
    public static final int ROBOT_IN_FLIGHT = 1;

    private final int capacity;
    private final boolean claimsAhead;
    private final int alertsPerMessage;
    private final Optional<SendWindow> window;
    /** Messages allowed in flight now: from 1 to {@code capacity}, narrowed by failures, widened by deliveries. */
    private int allowed;
    private int inFlight;
    private Instant pausedUntil = Instant.MIN;

    private Lane(int capacity, boolean claimsAhead, int alertsPerMessage, Optional<RateLimit> rateLimit) {
        this.capacity = capacity;
        this.claimsAhead = claimsAhead;
        this.allowed = capacity;
        this.alertsPerMessage = Math.max(1, alertsPerMessage);
        this.window = rateLimit.map(SendWindow::new);
    }

    /**
     * The lane for a receiver of this format: robots (rate-limited or merging alerts) get one message at a time,
     * Standard Webhooks endpoints {@code endpointInFlight} ({@code LP_WEBHOOK_ENDPOINT_CONCURRENCY}).
     */
    public static Lane of(MessageFormat format, int endpointInFlight) {
        if (endpointInFlight < 1) {
            throw new IllegalArgumentException("an endpoint needs at least one message in flight, not " + endpointInFlight);
        }
        boolean robot = format.rateLimit().isPresent() || format.maxAlertsPerMessage() > 1;
        return new Lane(robot ? ROBOT_IN_FLIGHT : endpointInFlight, !robot, format.maxAlertsPerMessage(), format.rateLimit());
    }

    /** How many alerts to take from the queue now: enough to fill every message the lane may start. */
    public synchronized int alertsWanted(Instant now) {
        if (now.isBefore(pausedUntil)) {
            return 0;
        }
        int messages = allowed - inFlight;
        if (window.isPresent()) {
            messages = Math.min(messages, window.get().room(now));
        }
        return Math.max(0, messages) * alertsPerMessage;
    }

    /**
     * How many more deliveries to claim ahead of a free place, beyond {@link #alertsWanted}, when {@code ahead} are
     * claimed ahead already: an endpoint keeps as many waiting as it may have in flight, so a place that frees starts
     * the next at once instead of after a claim's round trip. None while the receiver asked for a pause (they would
     * only wait), and none for a robot: its alerts pile up in the queue while it waits, and go out merged.
     */
    public synchronized int aheadWanted(int ahead, Instant now) {
        if (!claimsAhead || now.isBefore(pausedUntil)) {
            return 0;
        }
        return Math.max(0, allowed - ahead);
    }

    /**
     * Splits the alerts taken into messages, at most {@link #alertsWanted} worth, and counts them as started: while
     * a robot had to wait, its due alerts piled up and now travel together instead of being dropped.
     */
    public synchronized <T> List<List<T>> start(List<T> taken, Instant now) {
        List<List<T>> messages = new ArrayList<>();
        for (int from = 0; from < taken.size(); from += alertsPerMessage) {
            messages.add(List.copyOf(taken.subList(from, Math.min(taken.size(), from + alertsPerMessage))));
            inFlight++;
            window.ifPresent(w -> w.sent(now));
        }
        return messages;
    }

    /**
     * A message came back delivered, or with the receiver's own word on when to try again: if it asked for a pause,
     * nothing more is sent to it before {@code until}. One more message may be in flight from now on, up to the
     * lane's capacity.
     */
    public synchronized void finished(Optional<Instant> pauseUntil) {
        inFlight--;
        allowed = Math.min(capacity, allowed + 1);
        pauseUntil.filter(until -> until.isAfter(pausedUntil)).ifPresent(until -> pausedUntil = until);
    }

    /** A message failed without the receiver saying when to come back: half as many are in flight from now on, at least one. */
    public synchronized void failed() {
        inFlight--;
        allowed = Math.max(1, allowed / 2);
    }

    /** Whether no message is in flight. */
    public synchronized boolean isIdle() {
        return inFlight == 0;
    }
}
