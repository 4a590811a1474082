package io.leadpulse.sinks.webhooks.delivery.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a delivery's next attempt is due ({@code LP_WEBHOOK_RETRY_SCHEDULE}): attempt 1 at the first delay after the
 * alert was queued, attempt k+1 at delay k after attempt k failed, each spread by +-20 % so that receivers coming
 * back from an outage are not hit by every retry at once; never before the receiver asked to be tried again, but
 * never parked longer than {@link #LONGEST_REQUESTED_WAIT} on its say-so either.
 */
public final class RetrySchedule {
    /** How far a delay is spread either way. */
    public static final double JITTER = 0.2;
    /** The longest a receiver's {@code Retry-After} (or rate-limit answer) may push an attempt beyond the schedule. */
    public static final Duration LONGEST_REQUESTED_WAIT = Duration.ofHours(1);

    private final List<Duration> delays;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1): where in the jitter range a delay lands */
    public RetrySchedule(List<Duration> delays, DoubleSupplier random) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one delay");
        }
        if (delays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("retry delays cannot be negative: " + delays);
        }
        this.delays = List.copyOf(delays);
        this.random = random;
    }

    /** How many attempts a delivery gets. */
    public int attempts() {
        return delays.size();
    }

    /** When the first attempt of an alert queued at {@code queuedAt} is due. */
    public Instant firstAttempt(Instant queuedAt) {
        return queuedAt.plus(jittered(delays.get(0)));
    }

    /**
     * When the next attempt is due after attempt number {@code failedAttempt} failed at {@code failedAt}; empty when
     * that was the last one the schedule allows (the delivery becomes a dead letter).
     *
     * @param notBefore the earliest time the receiver asked to be tried again, if it said
     */
    public Optional<Instant> nextAttempt(int failedAttempt, Instant failedAt, Optional<Instant> notBefore) {
        if (failedAttempt >= delays.size()) {
            return Optional.empty();
        }
        Instant scheduled = failedAt.plus(jittered(delays.get(Math.max(0, failedAttempt))));
        Instant requested = notBefore.map(asked -> earliest(asked, failedAt.plus(LONGEST_REQUESTED_WAIT))).orElse(scheduled);
        return Optional.of(requested.isAfter(scheduled) ? requested : scheduled);
    }

    private Duration jittered(Duration delay) {
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Duration.ofNanos(Math.round(delay.toNanos() * factor));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
