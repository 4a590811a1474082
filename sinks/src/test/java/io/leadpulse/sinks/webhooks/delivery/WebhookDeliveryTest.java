package io.leadpulse.sinks.webhooks.delivery;

import static io.leadpulse.sinks.webhooks.delivery.DeliveryWorld.alert;
import static io.leadpulse.sinks.webhooks.delivery.DeliveryWorld.deliveries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.delivery.Receiver.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/** Delivery to Standard Webhooks endpoints: signed, filtered, retried, with real Kafka, Redis and HTTP. */
class WebhookDeliveryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static DeliveryWorld world;

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final String team = DeliveryWorld.newTeam();
    Receiver receiver;
    WebhookSink sink;

    @BeforeAll
    static void startTheWorld() throws Exception {
        world = new DeliveryWorld(dir);
    }

    @AfterAll
    static void stopTheWorld() throws Exception {
        world.close();
    }

    @BeforeEach
    void startAReceiver() throws Exception {
        world.redis.flushAll();
        receiver = new Receiver();
    }

    @AfterEach
    void stopTheSink() {
        if (sink != null) {
            world.stop(sink);
        }
        receiver.close();
    }

    /** Starts the sink once the test's subscriptions are written: it reads alerts only after loading them. */
    void startTheSink() {
        sink = world.startSink(DeliveryWorld.SHORT_SCHEDULE, metrics);
        world.awaitReading();
    }

    @Test
    void anAlertReachesAStandardEndpointOnceSignedWithItsSecret() throws Exception {
        String secret = StandardSignature.newSecret();
        world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team)).setSecret(secret).build());
        startTheSink();
        world.redis.xadd(RedisKeys.ALERT_STREAM, StreamEntryID.NEW_ENTRY, Map.of("alert", "not an alert"));

        Alert alert = world.detect(alert("lead.deep_read", team, "L-1 has read 'Course outline' for 92 s"));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
        Receiver.Request request = receiver.requests().get(0);
        assertThat(request.header("webhook-id")).isEqualTo(alert.getId());
        assertThat(StandardSignature.verifies(secret, request.header("webhook-id"), request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"))).isTrue();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("type").asText()).isEqualTo("lead.deep_read");
        assertThat(body.path("data").path("id").asText()).isEqualTo(alert.getId());
        assertThat(body.path("data").path("message").asText()).isEqualTo(alert.getMessage());

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.requests().size() == 1);
        assertThat(deliveries(metrics, "delivered")).isEqualTo(1);
        assertThat(metrics.find("lp.webhook.invalid.entries").counter().count()).isEqualTo(1);
        assertThat(world.redis.xpending(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP).getTotal()).isZero();
        assertThat(world.redis.keys(RedisKeys.WEBHOOK_PREFIX + "*")).isEmpty();
    }

    @Test
    void alertsGoOnlyWhereTypeAndTeamMatchAndSubscriptionChangesApplyWithinFiveSeconds() throws Exception {
        String otherTeam = DeliveryWorld.newTeam();
        Receiver silentOnly = receiver;
        try (Receiver otherTeamOnly = new Receiver(); Receiver latecomer = new Receiver()) {
            WebhookSubscription silent = world.write(world.subscription(silentOnly.url(), WebhookFormat.STANDARD)
                    .setTypes(List.of("lead.silent")).setTeamIds(List.of(team)).setSecret(StandardSignature.newSecret()).build());
            world.write(world.subscription(otherTeamOnly.url(), WebhookFormat.STANDARD)
                    .setTeamIds(List.of(otherTeam)).setSecret(StandardSignature.newSecret()).build());
            startTheSink();

            Alert silentAlert = world.detect(alert("lead.silent", team, "L-1 has been silent for 3 days"));
            world.detect(alert("lead.deep_read", team, "L-1 has read the brochure"));
            Alert otherTeamAlert = world.detect(alert("lead.deep_read", otherTeam, "L-9 has read the brochure"));

            await().atMost(Duration.ofSeconds(10)).until(() -> silentOnly.requests().size() == 1 && otherTeamOnly.requests().size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> silentOnly.requests().size() == 1 && otherTeamOnly.requests().size() == 1);
            assertThat(silentOnly.requests().get(0).header("webhook-id")).isEqualTo(silentAlert.getId());
            assertThat(otherTeamOnly.requests().get(0).header("webhook-id")).isEqualTo(otherTeamAlert.getId());

            world.write(world.subscription(latecomer.url(), WebhookFormat.STANDARD)
                    .setTeamIds(List.of(team)).setSecret(StandardSignature.newSecret()).build());
            world.delete(silent);
            awaitSubscriptionsApplied();

            Alert afterChanges = world.detect(alert("lead.silent", team, "L-2 has been silent for 3 days"));

            await().atMost(Duration.ofSeconds(10)).until(() -> latecomer.requests().size() == 1);
            assertThat(latecomer.requests().get(0).header("webhook-id")).isEqualTo(afterChanges.getId());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> silentOnly.requests().size() == 1);
        }
    }

    @Test
    void aBurstOfAlertsReachesEverySubscriptionThatWantsItOnceEach() throws Exception {
        try (Receiver second = new Receiver()) {
            world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                    .setSecret(StandardSignature.newSecret()).build());
            world.write(world.subscription(second.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                    .setSecret(StandardSignature.newSecret()).build());
            startTheSink();

            Set<String> alertIds = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                alertIds.add(world.detect(alert("content.reached", team, "L-" + i + " opened the offer")).getId());
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(metrics, "delivered") == 600);
            for (Receiver each : List.of(receiver, second)) {
                assertThat(each.requests()).extracting(request -> request.header("webhook-id"))
                        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(alertIds);
            }
            assertThat(world.redis.xpending(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP).getTotal()).isZero();
            assertThat(world.redis.keys(RedisKeys.WEBHOOK_PREFIX + "*")).isEmpty();
        }
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheAlertOnTheThirdAttemptUnderTheSameId() throws Exception {
        receiver.answer((n, request) -> n <= 2 ? Answer.of(500) : Answer.of(200));
        world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                .setSecret(StandardSignature.newSecret()).build());
        startTheSink();

        Alert alert = world.detect(alert("lead.activated", team, "L-1 answered after reading"));

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(metrics, "delivered") == 1);
        assertThat(receiver.requests()).hasSize(3)
                .allSatisfy(request -> assertThat(request.header("webhook-id")).isEqualTo(alert.getId()));
        assertThat(deliveries(metrics, "retried")).isEqualTo(2);
        assertThat(sink.deadLetters().list(10)).isEmpty();
        assertThat(world.redis.keys(RedisKeys.WEBHOOK_PREFIX + "*")).isEmpty();
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        receiver.answer((n, request) -> n == 1 ? new Answer(503, Map.of("Retry-After", "2"), "") : Answer.of(200));
        world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                .setSecret(StandardSignature.newSecret()).build());
        startTheSink();

        world.detect(alert("rep.overloaded", team, "r7 has 8 leads awaiting a first response"));

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(metrics, "delivered") == 1);
        List<Receiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(2);
        // The schedule alone would have tried again after 300 ms.
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900))
                .isLessThan(Duration.ofSeconds(4));
    }

    /** Subscriptions written to lp.webhooks are applied within 5 s (contract): wait that long, not less. */
    static void awaitSubscriptionsApplied() throws InterruptedException {
        Thread.sleep(5000);
    }
}
