package io.leadpulse.gateway.webhooks;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every subscription, each with the {@code lp.webhooks} offset it was written at. The topic's follower and the
 * instance's own writes (as soon as Kafka acknowledged them) both fill it; the offsets keep a follower that lags from
 * putting an older record back over a newer one. A deleted subscription stays as a marker with its offset, so the
 * follower reading the subscription's creation late cannot bring it back.
 */
final class SubscriptionTable {
    /** {@code subscription} is null once deleted. */
    private record Stored(Subscription subscription, long offset) {
    }

    private static final Comparator<Subscription> OLDEST_FIRST =
            Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id);

    private final Map<String, Stored> subscriptions = new ConcurrentHashMap<>();

    /** Keeps the subscription written at {@code offset} unless a later write of it is already here. */
    void keep(Subscription subscription, long offset) {
        subscriptions.compute(subscription.id(),
                (id, old) -> old != null && old.offset() >= offset ? old : new Stored(subscription, offset));
    }

    /** The subscription was deleted at {@code offset}. */
    void remove(String id, long offset) {
        subscriptions.compute(id, (key, old) -> old != null && old.offset() >= offset ? old : new Stored(null, offset));
    }

    /** The subscription, or null when there is none (or it was deleted). */
    Subscription get(String id) {
        Stored stored = subscriptions.get(id);
        return stored == null ? null : stored.subscription();
    }

    List<Subscription> oldestFirst() {
        return subscriptions.values().stream().map(Stored::subscription).filter(Objects::nonNull).sorted(OLDEST_FIRST).toList();
    }

    int size() {
        return (int) subscriptions.values().stream().filter(stored -> stored.subscription() != null).count();
    }
}
