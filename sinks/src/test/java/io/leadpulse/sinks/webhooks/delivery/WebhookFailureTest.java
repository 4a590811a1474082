package io.leadpulse.sinks.webhooks.delivery;

import static io.leadpulse.sinks.webhooks.delivery.DeliveryWorld.alert;
import static io.leadpulse.sinks.webhooks.delivery.DeliveryWorld.deliveries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.delivery.Receiver.Answer;
import io.leadpulse.sinks.webhooks.delivery.queue.DeadLetter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/** What happens when receivers fail: dead letters and replay, a restart between retries, a receiver that is gone. */
class WebhookFailureTest {
    @TempDir
    static Path dir;
    static DeliveryWorld world;

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final String team = DeliveryWorld.newTeam();
    Receiver receiver;

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
    void stopTheReceiverAndTheSinks() {
        // A sink left running by a failed test would deliver the next test's alerts under the same group.
        world.stopSinks();
        receiver.close();
    }

    WebhookSink startTheSink(List<Duration> schedule) {
        WebhookSink sink = world.startSink(schedule, metrics);
        world.awaitReading();
        return sink;
    }

    @Test
    void aDeliveryThatExhaustsItsScheduleIsADeadLetterUntilReplayed() throws Exception {
        receiver.answer((n, request) -> Answer.of(500));
        WebhookSubscription subscription = world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD)
                .setTeamIds(List.of(team)).setSecret(StandardSignature.newSecret()).build());
        WebhookSink sink = startTheSink(DeliveryWorld.SHORT_SCHEDULE);
        Instant before = Instant.now();

        Alert alert = world.detect(alert("lead.first_response_overdue", team, "Nobody answered L-1 for 15 minutes"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.deadLetters().list(10).isEmpty());
        List<DeadLetter> dead = sink.deadLetters().list(10);
        assertThat(dead).hasSize(1);
        DeadLetter letter = dead.get(0);
        assertThat(letter.subscriptionId()).isEqualTo(subscription.getId());
        assertThat(letter.alertId()).isEqualTo(alert.getId());
        assertThat(letter.alertType()).isEqualTo("lead.first_response_overdue");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.lastError()).contains("500");
        assertThat(letter.deadAt()).isAfter(before);
        assertThat(receiver.requests()).hasSize(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.find("lp.webhook.dead.letters").gauge().value() == 1);

        receiver.answer((n, request) -> Answer.of(200));
        try (DeadLetters operator = DeadLetters.connect(world.redisServer.url(), Clock.systemUTC())) {
            assertThat(operator.replay(List.of(letter.id(), "no-such-delivery"))).isEqualTo(1);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(metrics, "delivered") == 1);
        assertThat(receiver.requests()).hasSize(4);
        assertThat(receiver.last().orElseThrow().header("webhook-id")).isEqualTo(alert.getId());
        assertThat(sink.deadLetters().list(10)).isEmpty();
        world.stop(sink);
    }

    @Test
    void aDeliveryWaitingForItsRetryWhenTheSinkStopsIsDeliveredByTheNextOne() throws Exception {
        receiver.answer((n, request) -> n == 1 ? Answer.of(502) : Answer.of(200));
        world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                .setSecret(StandardSignature.newSecret()).build());
        List<Duration> schedule = List.of(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(3));
        WebhookSink first = startTheSink(schedule);

        Alert alert = world.detect(alert("content.reached", team, "L-1 opened the offer"));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(metrics, "retried") == 1);
        world.stop(first);
        assertThat(receiver.requests()).hasSize(1);

        WebhookSink second = startTheSink(schedule);

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(metrics, "delivered") == 1);
        assertThat(receiver.requests()).hasSize(2)
                .allSatisfy(request -> assertThat(request.header("webhook-id")).isEqualTo(alert.getId()));
        assertThat(world.redis.keys(RedisKeys.WEBHOOK_PREFIX + "*")).isEmpty();
        world.stop(second);
    }

    @Test
    void alertsReadButNotYetQueuedWhenTheSinkCrashedAreDeliveredOnceByTheNextOne() throws Exception {
        world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                .setSecret(StandardSignature.newSecret()).build());
        // A sink that read three alerts as its own consumer and crashed before queueing and acknowledging them.
        world.redis.xgroupCreate(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP, StreamEntryID.XGROUP_LAST_ENTRY, true);
        List<String> alertIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alertIds.add(world.detect(alert("content.reached", team, "L-" + i + " opened the offer")).getId());
        }
        assertThat(world.redis.xreadGroup(RedisKeys.WEBHOOK_CONSUMER_GROUP, WebhookSink.consumerName(),
                XReadGroupParams.xReadGroupParams().count(10),
                Map.of(RedisKeys.ALERT_STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(0).getValue()).hasSize(3);

        WebhookSink sink = startTheSink(DeliveryWorld.SHORT_SCHEDULE);

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(metrics, "delivered") == 3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.requests().size() == 3);
        assertThat(receiver.requests()).extracting(request -> request.header("webhook-id")).containsExactlyInAnyOrderElementsOf(alertIds);
        assertThat(world.redis.xpending(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP).getTotal()).isZero();
        world.stop(sink);
    }

    @Test
    void aSinkThatStopsHandsBackWhatItClaimedAheadSoTheNextSendsItAtOnce() throws Exception {
        receiver.answer((n, request) -> {
            Thread.sleep(1500);
            return Answer.of(204);
        });
        world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                .setSecret(StandardSignature.newSecret()).build());
        WebhookSink first = world.startSink(DeliveryWorld.SHORT_SCHEDULE, metrics, 1);
        world.awaitReading();
        List<String> alertIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alertIds.add(world.detect(alert("content.reached", team, "L-" + i + " opened the offer")).getId());
        }
        // One attempt at a time: the first is out, the next is claimed ahead of it, the third waits in the queue.
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
        Thread.sleep(300);

        world.stop(first);
        assertThat(receiver.requests()).hasSize(1);
        WebhookSink second = world.startSink(DeliveryWorld.SHORT_SCHEDULE, metrics, 1);

        // Not after the lease of the one claimed ahead (60 s): at once, one after the other.
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(metrics, "delivered") == 3);
        assertThat(receiver.requests()).extracting(request -> request.header("webhook-id"))
                .containsExactlyInAnyOrderElementsOf(alertIds);
        assertThat(world.redis.keys(RedisKeys.WEBHOOK_PREFIX + "*")).isEmpty();
        world.stop(second);
    }

    @Test
    void aReceiverThatIsGoneDisablesItsSubscriptionAndGetsNothingMore() throws Exception {
        receiver.answer((n, request) -> Answer.of(410));
        WebhookSubscription subscription = world.write(world.subscription(receiver.url(), WebhookFormat.STANDARD)
                .setTeamIds(List.of(team)).setSecret(StandardSignature.newSecret()).build());
        WebhookSink sink = startTheSink(DeliveryWorld.SHORT_SCHEDULE);

        Alert alert = world.detect(alert("lead.silent", team, "L-1 has been silent for 3 days"));

        await().atMost(Duration.ofSeconds(10)).until(() -> world.history(subscription.getId()).size() == 2);
        WebhookSubscription disabled = world.history(subscription.getId()).get(1);
        assertThat(disabled.getDisabled()).isTrue();
        assertThat(disabled.getDisabledReason()).contains("410");
        assertThat(disabled.getUrl()).isEqualTo(subscription.getUrl());
        assertThat(disabled.getDeleted()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.deadLetters().list(10).size() == 1);
        DeadLetter letter = sink.deadLetters().list(10).get(0);
        assertThat(letter.alertId()).isEqualTo(alert.getId());
        assertThat(letter.lastError()).contains("disabled").contains("410");

        world.detect(alert("lead.silent", team, "L-2 has been silent for 3 days"));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> receiver.requests().size() == 1);
        assertThat(world.history(subscription.getId())).hasSize(2);
        assertThat(deliveries(metrics, "disabled")).isEqualTo(1);
        world.stop(sink);
    }
}
