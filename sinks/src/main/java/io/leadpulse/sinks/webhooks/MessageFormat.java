package io.leadpulse.sinks.webhooks;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How alerts become a request for one kind of receiver (a Standard Webhooks endpoint or a chat robot), and how that
 * receiver's answer is read.
 */
public interface MessageFormat {
    /** How many messages a receiver of this kind takes per period; more must wait (robots: 20 per minute). */
    record RateLimit(int messages, Duration per) {
    }

    /**
     * How many alerts one message may carry: 1 for Standard Webhooks; more for chat robots, which merge alerts into
     * one message rather than drop any when their rate limit makes them wait.
     */
    int maxAlertsPerMessage();

    /** The receiver's own rate limit, if it has one. */
    Optional<RateLimit> rateLimit();

    /**
     * The request for these alerts (at least one, at most {@link #maxAlertsPerMessage()}), signed with the
     * subscription's secret where the format signs, in the team's language, as of this attempt.
     */
    OutgoingRequest render(WebhookSubscription subscription, List<Alert> alerts, Language language, Instant attemptAt);

    /** What the answer means: robots answer 200 with an error code in the body. */
    Verdict read(Reply reply, Instant receivedAt);
}
