package io.leadpulse.sinks.webhooks.delivery.queue;

import java.time.Instant;

/**
 * A delivery taken from the queue for one attempt; it stays leased to its taker until the attempt's outcome is
 * recorded, it is released unattempted, or the lease runs out.
 *
 * @param subscriptionId whose queue it came from
 * @param alertId        the alert, and the delivery's id within its subscription
 * @param alertJson      the alert as it was queued
 * @param attempt        the number of this attempt, 1 for the first
 * @param leasedUntil    when the lease runs out and the delivery is due again for anyone
 */
public record ClaimedDelivery(String subscriptionId, String alertId, String alertJson, int attempt, Instant leasedUntil) {
}
