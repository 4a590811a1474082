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
 */
public final class Lane {
    /** Messages in flight at once to a chat robot: one, so a conversation reads in order. */
    public static final int ROBOT_IN_FLIGHT = 1;

    private final int capacity;
    private final int alertsPerMessage;
    private final Optional<SendWindow> window;
    private int inFlight;
    private Instant pausedUntil = Instant.MIN;

    private Lane(int capacity, int alertsPerMessage, Optional<RateLimit> rateLimit) {
        this.capacity = capacity;
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
        return new Lane(robot ? ROBOT_IN_FLIGHT : endpointInFlight, format.maxAlertsPerMessage(), format.rateLimit());
    }

    /** How many alerts to take from the queue now: enough to fill every message the lane may start. */
    public synchronized int alertsWanted(Instant now) {
        if (now.isBefore(pausedUntil)) {
            return 0;
        }
        int messages = capacity - inFlight;
        if (window.isPresent()) {
            messages = Math.min(messages, window.get().room(now));
        }
        return Math.max(0, messages) * alertsPerMessage;
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

    /** A message came back; if the receiver asked for a pause, nothing more is sent to it before {@code until}. */
    public synchronized void finished(Optional<Instant> pauseUntil) {
        inFlight--;
        pauseUntil.filter(until -> until.isAfter(pausedUntil)).ifPresent(until -> pausedUntil = until);
    }

    /** Whether no message is in flight. */
    public synchronized boolean isIdle() {
        return inFlight == 0;
    }
}
