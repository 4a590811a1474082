package io.leadpulse.sinks.webhooks.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the webhook sink needs from the process's configuration (contract section 1), handed in once at start.
 *
 * @param kafkaBootstrap      where {@code lp.webhooks} and {@code lp.rules} are
 * @param redisUrl            where the alert stream and the delivery queue are
 * @param retrySchedule       {@code LP_WEBHOOK_RETRY_SCHEDULE}: the delay before each attempt
 * @param allowPrivate        {@code LP_WEBHOOK_ALLOW_PRIVATE}: whether targets on loopback and private networks are allowed
 * @param endpointConcurrency {@code LP_WEBHOOK_ENDPOINT_CONCURRENCY}: attempts in flight at once to one Standard
 *                            Webhooks subscription (chat robots always get one at a time, for their rate limits and
 *                            so that their messages read in order)
 * @param clock               the time of attempts, due times and dead letters
 */
public record WebhookSinkSettings(String kafkaBootstrap, String redisUrl, List<Duration> retrySchedule,
                                  boolean allowPrivate, int endpointConcurrency, Clock clock) {
    /**
     * By Little's law an endpoint's rate is its attempts in flight over the time each holds its place: the answer
     * plus the wait for the next claim from Redis. On the busy 2-core benchmark machine that is 20 to 40 ms even for a
     * receiver on loopback (a Redis round trip alone is often 10 to 20 ms), and at 1,000 alerts a second to one
     * subscription 16 fell behind for good (seconds of backlog) while 32 kept up (detected to received p50 60 ms);
     * 64 did no better. 32 requests at once are well within what an ordinary web server takes, and a failing
     * endpoint's lane narrows to one anyway ({@code Lane}).
     */
    public static final int DEFAULT_ENDPOINT_CONCURRENCY = 32;
    /** A quarter of what the sink has in flight over all subscriptions, so a few hung endpoints leave room for others. */
    public static final int MOST_ENDPOINT_CONCURRENCY = Dispatcher.MOST_IN_FLIGHT / 4;

    public WebhookSinkSettings {
        retrySchedule = List.copyOf(retrySchedule);
        if (retrySchedule.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one delay");
        }
        if (endpointConcurrency < 1 || endpointConcurrency > MOST_ENDPOINT_CONCURRENCY) {
            throw new IllegalArgumentException("attempts in flight per endpoint must be from 1 to "
                    + MOST_ENDPOINT_CONCURRENCY + ", not " + endpointConcurrency);
        }
    }
}
