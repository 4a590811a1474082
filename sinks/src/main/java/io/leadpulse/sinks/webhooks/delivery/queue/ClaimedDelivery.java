package io.leadpulse.sinks.webhooks.delivery.queue;

/**
 * A delivery taken from the queue for one attempt; it stays leased to its taker until the attempt's outcome is
 * recorded or the lease runs out.
 *
 * @param subscriptionId whose queue it came from
 * @param alertId        the alert, and the delivery's id within its subscription
 * @param alertJson      the alert as it was queued
 * @param attempt        the number of this attempt, 1 for the first
 */
public record ClaimedDelivery(String subscriptionId, String alertId, String alertJson, int attempt) {
}
