package io.leadpulse.sinks.webhooks.delivery.routing;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;

/**
 * Which subscriptions an alert goes to: the active ones whose types and teams (empty = all) include it, and only
 * alerts detected once the subscription existed, so a new subscription is not flooded with the past.
 */
public final class Audience {
    private Audience() {
    }

    /** Whether the subscription takes alerts at all: neither deleted nor disabled. */
    public static boolean isActive(WebhookSubscription subscription) {
        return !subscription.getDeleted() && !subscription.getDisabled();
    }

    /** Whether this alert goes to this subscription. */
    public static boolean wants(WebhookSubscription subscription, Alert alert) {
        return isActive(subscription)
                && (subscription.getTypes().isEmpty() || subscription.getTypes().contains(alert.getType()))
                && (subscription.getTeamIds().isEmpty() || subscription.getTeamIds().contains(alert.getTeamId()))
                && !alert.getDetectedAt().isBefore(subscription.getCreatedAt());
    }
}
