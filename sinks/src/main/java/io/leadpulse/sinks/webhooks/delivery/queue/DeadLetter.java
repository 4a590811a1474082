package io.leadpulse.sinks.webhooks.delivery.queue;

import java.time.Instant;

/**
 * A delivery that was given up, kept so a person can see why and replay it.
 *
 * @param id             the delivery's id, which {@code replay} takes
 * @param subscriptionId the subscription it was for
 * @param alertId        the alert it carried
 * @param alertType      the alert's type
 * @param attempts       how many attempts were made
 * @param lastError      why the last attempt failed, or why the subscription was disabled
 * @param deadAt         when it was given up
 */
public record DeadLetter(String id, String subscriptionId, String alertId, String alertType, int attempts,
                         String lastError, Instant deadAt) {
}
