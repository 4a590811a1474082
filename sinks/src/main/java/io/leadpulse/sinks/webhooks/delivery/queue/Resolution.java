package io.leadpulse.sinks.webhooks.delivery.queue;

import java.time.Instant;

/**
 * What becomes of one delivery after an attempt, as the queue records it ({@link DeliveryQueue#resolve}): the
 * resolutions of attempts that complete together are written in one round trip.
 */
public sealed interface Resolution {
    String subscriptionId();

    String alertId();

    /** The delivery arrived: it leaves the queue (and the dead letters, should it have been given up meanwhile). */
    record Delivered(String subscriptionId, String alertId) implements Resolution {
    }

    /** The delivery is tried again at {@code due}, with its error kept; only if it is still queued. */
    record RetryAt(String subscriptionId, String alertId, Instant due, String error) implements Resolution {
    }

    /** The delivery becomes a dead letter with this error; only if it is still queued. */
    record Buried(String subscriptionId, String alertId, Instant at, String error) implements Resolution {
    }
}
