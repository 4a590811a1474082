package io.leadpulse.gateway.webhooks;

import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription as the gateway serves it: where alerts go, in which robot's format, which alerts, and whether
 * the delivery side stopped delivering to it (and why).
 *
 * @param types   the alert types it receives; empty = all
 * @param teamIds the teams whose alerts it receives; empty = all
 * @param secret  the Standard Webhooks signing secret, a robot's signing secret, or null
 */
public record Subscription(String id, String url, WebhookFormat format, List<String> types, List<String> teamIds,
                           String secret, Instant createdAt, boolean disabled, String disabledReason) {

    public Subscription {
        types = List.copyOf(types);
        teamIds = List.copyOf(teamIds);
    }

    public static Subscription from(WebhookSubscription record) {
        return new Subscription(record.getId(), record.getUrl(), record.getFormat(), record.getTypes(),
                record.getTeamIds(), record.getSecret(), record.getCreatedAt(), record.getDisabled(),
                record.getDisabledReason());
    }

    /** The record of {@code lp.webhooks}; {@code deleted} marks the subscription's end. */
    public WebhookSubscription toRecord(boolean deleted) {
        return WebhookSubscription.newBuilder()
                .setId(id)
                .setUrl(url)
                .setFormat(format)
                .setTypes(types)
                .setTeamIds(teamIds)
                .setSecret(secret)
                .setCreatedAt(createdAt)
                .setDisabled(disabled)
                .setDisabledReason(disabledReason)
                .setDeleted(deleted)
                .build();
    }
}
