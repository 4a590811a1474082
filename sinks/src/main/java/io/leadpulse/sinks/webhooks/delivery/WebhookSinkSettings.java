package io.leadpulse.sinks.webhooks.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the webhook sink needs from the process's configuration (contract section 1), handed in once at start.
 *
 * @param kafkaBootstrap where {@code lp.webhooks} and {@code lp.rules} are
 * @param redisUrl       where the alert stream and the delivery queue are
 * @param retrySchedule  {@code LP_WEBHOOK_RETRY_SCHEDULE}: the delay before each attempt
 * @param allowPrivate   {@code LP_WEBHOOK_ALLOW_PRIVATE}: whether targets on loopback and private networks are allowed
 * @param clock          the time of attempts, due times and dead letters
 */
public record WebhookSinkSettings(String kafkaBootstrap, String redisUrl, List<Duration> retrySchedule,
                                  boolean allowPrivate, Clock clock) {
    public WebhookSinkSettings {
        retrySchedule = List.copyOf(retrySchedule);
        if (retrySchedule.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one delay");
        }
    }
}
