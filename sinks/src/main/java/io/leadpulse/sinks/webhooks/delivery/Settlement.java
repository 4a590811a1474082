package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.delivery.DeliveryMetrics.Outcome;
import io.leadpulse.sinks.webhooks.delivery.queue.ClaimedDelivery;
import io.leadpulse.sinks.webhooks.delivery.queue.DeliveryQueue;
import io.leadpulse.sinks.webhooks.delivery.queue.Resolution;
import io.leadpulse.sinks.webhooks.delivery.routing.Audience;
import io.leadpulse.sinks.webhooks.delivery.schedule.RetrySchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an attempt came to in the queue, for every delivery the message carried: delivered ones leave,
 * failed ones are due again on the retry schedule or become dead letters when it is exhausted, and a receiver that
 * is gone gets its subscription disabled and everything queued for it given up with that reason. Deliveries that
 * leave, wait or die are written with those of other attempts that came back at the same time
 * ({@link ResolutionWriter}); disabling, which waits for Kafka, stays on the attempt's own thread.
 */
final class Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    private final DeliveryQueue queue;
    private final ResolutionWriter resolutions;
    private final RetrySchedule schedule;
    private final SubscriptionTable subscriptions;
    private final SubscriptionDisabler disabler;
    private final DeliveryMetrics metrics;

    Settlement(DeliveryQueue queue, ResolutionWriter resolutions, RetrySchedule schedule, SubscriptionTable subscriptions,
               SubscriptionDisabler disabler, DeliveryMetrics metrics) {
        this.queue = queue;
        this.resolutions = resolutions;
        this.schedule = schedule;
        this.subscriptions = subscriptions;
        this.disabler = disabler;
        this.metrics = metrics;
    }

    /** Until when a receiver that answered with this verdict at {@code at} asked not to be sent anything, if it did. */
    static Optional<Instant> pauseAfter(Verdict verdict, Instant at) {
        if (verdict.outcome() != Verdict.Outcome.RETRY) {
            return Optional.empty();
        }
        return verdict.notBefore().map(asked -> earliest(asked, at.plus(RetrySchedule.LONGEST_REQUESTED_WAIT)));
    }

    /** Applies the verdict to the deliveries of one message. */
    void settle(WebhookSubscription subscription, String format, List<ClaimedDelivery> deliveries, Verdict verdict,
                Instant at) {
        switch (verdict.outcome()) {
            case DELIVERED -> {
                List<Resolution> delivered = new ArrayList<>(deliveries.size());
                for (ClaimedDelivery delivery : deliveries) {
                    delivered.add(new Resolution.Delivered(delivery.subscriptionId(), delivery.alertId()));
                }
                resolutions.write(delivered);
                metrics.delivery(Outcome.DELIVERED, format, deliveries.size());
            }
            case RETRY -> retryOrBury(deliveries, verdict, verdict.error() == null ? "failed without a reason" : verdict.error(),
                    format, at);
            case DISABLE -> disable(subscription, format, verdict.error() == null ? "the receiver is gone" : verdict.error(), at);
            default -> throw new IllegalStateException("unknown outcome " + verdict.outcome());
        }
    }

    /** Gives up a delivery that cannot even be attempted. */
    void giveUp(ClaimedDelivery delivery, String format, String error, Instant at) {
        if (resolutions.write(List.of(new Resolution.Buried(delivery.subscriptionId(), delivery.alertId(), at, error))).get(0)) {
            metrics.delivery(Outcome.DEAD, format, 1);
        }
    }

    private void retryOrBury(List<ClaimedDelivery> deliveries, Verdict verdict, String error, String format, Instant at) {
        List<Resolution> failed = new ArrayList<>(deliveries.size());
        for (ClaimedDelivery delivery : deliveries) {
            Optional<Instant> next = schedule.nextAttempt(delivery.attempt(), at, verdict.notBefore());
            failed.add(next.isPresent()
                    ? new Resolution.RetryAt(delivery.subscriptionId(), delivery.alertId(), next.get(), error)
                    : new Resolution.Buried(delivery.subscriptionId(), delivery.alertId(), at, error));
        }
        List<Boolean> applied = resolutions.write(failed);
        int retried = 0;
        int dead = 0;
        for (int i = 0; i < failed.size(); i++) {
            if (!applied.get(i)) {
                continue; // no longer queued: given up meanwhile (its subscription was disabled)
            }
            if (failed.get(i) instanceof Resolution.RetryAt) {
                retried++;
            } else {
                ClaimedDelivery delivery = deliveries.get(i);
                LOG.info("Gave up delivering alert {} to subscription {} after {} attempts: {}",
                        delivery.alertId(), delivery.subscriptionId(), delivery.attempt(), error);
                dead++;
            }
        }
        if (retried > 0) {
            metrics.delivery(Outcome.RETRIED, format, retried);
        }
        if (dead > 0) {
            metrics.delivery(Outcome.DEAD, format, dead);
        }
    }

    private void disable(WebhookSubscription subscription, String format, String reason, Instant at) {
        String id = subscription.getId();
        boolean stillActive = subscriptions.get(id).map(Audience::isActive).orElse(false);
        if (!stillActive) {
            // Another message to the same receiver was told first and has disabled it already.
            metrics.delivery(Outcome.DISABLED, format, queue.buryAll(id, at, "subscription disabled: " + reason));
            return;
        }
        // Nothing more is taken for it from now on, while Kafka is told.
        subscriptions.disableHere(id, reason);
        try {
            SubscriptionDisabler.Written written = disabler.disable(subscription, reason);
            subscriptions.keep(id, written.subscription(), written.offset());
            LOG.warn("Disabled subscription {} ({}): {}", id, subscription.getUrl(), reason);
        } catch (SubscriptionDisabler.DisableFailed e) {
            // After a restart the subscription is active again, and its receiver will say it is gone again.
            LOG.error("Subscription {} is disabled on this instance only: {}", id, e.getMessage(), e.getCause());
        }
        int given = queue.buryAll(id, at, "subscription disabled: " + reason);
        metrics.delivery(Outcome.DISABLED, format, given);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
