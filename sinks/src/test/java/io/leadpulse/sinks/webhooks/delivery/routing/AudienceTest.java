package io.leadpulse.sinks.webhooks.delivery.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AudienceTest {
    static final Instant CREATED = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void emptyTypesAndTeamsMeanEveryAlert() {
        WebhookSubscription all = subscription(List.of(), List.of()).build();

        assertThat(Audience.wants(all, alert("lead.deep_read", "t1", CREATED))).isTrue();
        assertThat(Audience.wants(all, alert("rep.overloaded", "t9", CREATED.plusSeconds(60)))).isTrue();
    }

    @Test
    void typesAndTeamsNarrowItDown() {
        WebhookSubscription narrow = subscription(List.of("lead.silent"), List.of("t1", "t2")).build();

        assertThat(Audience.wants(narrow, alert("lead.silent", "t2", CREATED))).isTrue();
        assertThat(Audience.wants(narrow, alert("lead.deep_read", "t2", CREATED))).isFalse();
        assertThat(Audience.wants(narrow, alert("lead.silent", "t3", CREATED))).isFalse();
    }

    @Test
    void alertsDetectedBeforeTheSubscriptionExistedAreNotForIt() {
        WebhookSubscription all = subscription(List.of(), List.of()).build();

        assertThat(Audience.wants(all, alert("lead.silent", "t1", CREATED.minusMillis(1)))).isFalse();
    }

    @Test
    void disabledAndDeletedSubscriptionsTakeNothing() {
        WebhookSubscription disabled = subscription(List.of(), List.of()).setDisabled(true).setDisabledReason("410").build();
        WebhookSubscription deleted = subscription(List.of(), List.of()).setDeleted(true).build();

        assertThat(Audience.wants(disabled, alert("lead.silent", "t1", CREATED))).isFalse();
        assertThat(Audience.wants(deleted, alert("lead.silent", "t1", CREATED))).isFalse();
        assertThat(Audience.isActive(disabled)).isFalse();
    }

    static WebhookSubscription.Builder subscription(List<String> types, List<String> teams) {
        return WebhookSubscription.newBuilder().setId("wh-1").setUrl("https://example.com/hook")
                .setFormat(WebhookFormat.STANDARD).setTypes(types).setTeamIds(teams).setCreatedAt(CREATED);
    }

    static Alert alert(String type, String teamId, Instant detectedAt) {
        return Alert.newBuilder().setId("a-1").setType(type).setTeamId(teamId).setOccurredAt(detectedAt)
                .setDetectedAt(detectedAt).setMessage("m").setFacts(Map.of()).build();
    }
}
