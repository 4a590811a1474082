package io.leadpulse.sinks.webhooks;

import java.time.Instant;
import java.util.Optional;

/**
 * What an attempt came to, read from the receiver's answer by its {@link MessageFormat}.
 *
 * @param outcome   delivered, to be tried again, or the subscription is gone (disable it)
 * @param notBefore for {@code RETRY}: the earliest time the receiver asked to be tried again ({@code Retry-After},
 *                  a robot's rate-limit code), if it said so
 * @param error     for {@code RETRY} and {@code DISABLE}: why, for a person (kept on a dead letter)
 */
public record Verdict(Outcome outcome, Optional<Instant> notBefore, String error) {
    public enum Outcome { DELIVERED, RETRY, DISABLE }

    public static Verdict delivered() {
        return new Verdict(Outcome.DELIVERED, Optional.empty(), null);
    }

    public static Verdict retry(String error) {
        return new Verdict(Outcome.RETRY, Optional.empty(), error);
    }

    public static Verdict retryNotBefore(Instant notBefore, String error) {
        return new Verdict(Outcome.RETRY, Optional.of(notBefore), error);
    }

    public static Verdict disable(String error) {
        return new Verdict(Outcome.DISABLE, Optional.empty(), error);
    }
}
