package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.schemas.kafka.CompactedTopicFollower;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.delivery.routing.Audience;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The webhook subscriptions as {@code lp.webhooks} says they are, kept in memory. The sink's own writes (a
 * subscription it disabled) are kept at once, and an older record read afterwards does not undo them.
 */
final class SubscriptionTable implements CompactedTopicFollower.View<WebhookSubscription> {
    private record Versioned(WebhookSubscription subscription, long offset) {
    }

    private final ConcurrentHashMap<String, Versioned> subscriptions = new ConcurrentHashMap<>();
    private final Consumer<String> onDeleted;

    /** @param onDeleted called with the id of each subscription that was deleted */
    SubscriptionTable(Consumer<String> onDeleted) {
        this.onDeleted = onDeleted;
    }

    @Override
    public void put(String id, WebhookSubscription subscription, long offset) {
        if (subscription.getDeleted()) {
            remove(id, offset);
        } else {
            keep(id, subscription, offset);
        }
    }

    @Override
    public void remove(String id, long offset) {
        Versioned kept = subscriptions.compute(id, (key, known) -> known != null && known.offset() > offset ? known : null);
        if (kept == null) {
            onDeleted.accept(id);
        }
    }

    /** Keeps this version of the subscription unless a newer one is known. */
    void keep(String id, WebhookSubscription subscription, long offset) {
        subscriptions.merge(id, new Versioned(subscription, offset),
                (known, offered) -> offered.offset() >= known.offset() ? offered : known);
    }

    /** Disables the subscription in memory only, when writing it to Kafka failed; any newer record replaces it. */
    void disableHere(String id, String reason) {
        subscriptions.computeIfPresent(id, (key, known) -> new Versioned(WebhookSubscription.newBuilder(known.subscription())
                .setDisabled(true).setDisabledReason(reason).build(), known.offset()));
    }

    Optional<WebhookSubscription> get(String id) {
        return Optional.ofNullable(subscriptions.get(id)).map(Versioned::subscription);
    }

    /** The subscriptions that take deliveries now. */
    List<WebhookSubscription> active() {
        return subscriptions.values().stream().map(Versioned::subscription).filter(Audience::isActive).toList();
    }

    /** The ids of every known subscription, disabled ones included. */
    Set<String> ids() {
        return Set.copyOf(subscriptions.keySet());
    }

    /** The ids of the subscriptions this alert goes to. */
    List<String> audienceOf(Alert alert) {
        return subscriptions.values().stream().map(Versioned::subscription)
                .filter(subscription -> Audience.wants(subscription, alert))
                .map(WebhookSubscription::getId)
                .toList();
    }
}
