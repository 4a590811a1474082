package io.leadpulse.sinks.webhooks.delivery.queue;

import java.time.Instant;
import java.util.List;

/**
 * An entry of the alert stream as the intake read it, to queue for every subscription that wants its alert and to
 * acknowledge in the same step ({@link DeliveryQueue#enqueueAndAcknowledgeAll}).
 *
 * @param streamEntryId   the entry's id in the stream
 * @param alertId         the alert's id, which is also the delivery's id within each subscription
 * @param alertJson       the alert as it is sent
 * @param subscriptionIds who wants it; none for an entry that is only acknowledged
 * @param due             when the first attempt is due
 */
public record StreamAlert(String streamEntryId, String alertId, String alertJson, List<String> subscriptionIds,
                          Instant due) {
    public StreamAlert {
        subscriptionIds = List.copyOf(subscriptionIds);
    }

    /** An entry that carries nothing to deliver (it is not an alert): it is only acknowledged. */
    public static StreamAlert nothingToDeliver(String streamEntryId) {
        return new StreamAlert(streamEntryId, "", "", List.of(), Instant.EPOCH);
    }
}
