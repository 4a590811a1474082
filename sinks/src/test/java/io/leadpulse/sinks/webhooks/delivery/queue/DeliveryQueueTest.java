package io.leadpulse.sinks.webhooks.delivery.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.sinks.redis.RedisServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/** The queue's scripts against a real Redis: what instances sharing the queue rely on. */
class DeliveryQueueTest {
    static final Instant T = Instant.parse("2026-11-22T09:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(60);

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    DeliveryQueue queue;

    @BeforeEach
    void newQueue() {
        queue = new DeliveryQueue(REDIS.client());
    }

    @Test
    void queueingIsIdempotentAndAcknowledgesTheStreamEntry() {
        String entry = readFromTheStream(alert("a-1"));

        assertThat(queue.enqueueAndAcknowledge(entry, "a-1", AlertJson.toJson(alert("a-1")), List.of("wh-1", "wh-2"), T)).isEqualTo(2);
        List<ClaimedDelivery> claimed = queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE));
        assertThat(queue.enqueueAndAcknowledge(entry, "a-1", AlertJson.toJson(alert("a-1")), List.of("wh-1", "wh-2"), T)).isZero();

        assertThat(REDIS.client().xpending(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP).getTotal()).isZero();
        assertThat(claimed).singleElement().satisfies(delivery -> {
            assertThat(delivery.alertId()).isEqualTo("a-1");
            assertThat(delivery.attempt()).isEqualTo(1);
            assertThat(AlertJson.fromJson(delivery.alertJson())).isEqualTo(alert("a-1"));
        });
        // Queued again while in flight, it was not reset: the lease still holds it.
        assertThat(queue.claim(Map.of("wh-1", 10), T.plusSeconds(1), T.plus(LEASE))).isEmpty();
    }

    @Test
    void entriesReadTogetherAreQueuedAndAcknowledgedTogetherEachOnceHoweverOftenSent() {
        String first = readFromTheStream(alert("a-1"));
        String notAnAlert = readFromTheStream("not an alert");
        String second = readFromTheStream(alert("a-2"));
        List<StreamAlert> read = List.of(
                new StreamAlert(first, "a-1", AlertJson.toJson(alert("a-1")), List.of("wh-1", "wh-2"), T),
                StreamAlert.nothingToDeliver(notAnAlert),
                new StreamAlert(second, "a-2", AlertJson.toJson(alert("a-2")), List.of("wh-1"), T.plusMillis(1)));

        assertThat(queue.enqueueAndAcknowledgeAll(read)).containsExactly(2, 0, 1);
        // The same batch again, as a pipeline is sent again after Redis forgot its scripts: nothing more is queued.
        assertThat(queue.enqueueAndAcknowledgeAll(read)).containsExactly(0, 0, 0);

        assertThat(REDIS.client().xpending(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP).getTotal()).isZero();
        List<ClaimedDelivery> claimed = queue.claim(Map.of("wh-1", 10, "wh-2", 10), T.plusSeconds(1), T.plus(LEASE));
        assertThat(claimed).extracting(ClaimedDelivery::subscriptionId, ClaimedDelivery::alertId, ClaimedDelivery::attempt)
                .containsExactlyInAnyOrder(tuple("wh-1", "a-1", 1), tuple("wh-1", "a-2", 1), tuple("wh-2", "a-1", 1));
    }

    @Test
    void entriesNobodySubscribedToAreOnlyAcknowledgedWithoutRunningTheQueuesScriptForEach() {
        List<StreamAlert> read = List.of(
                StreamAlert.nothingToDeliver(readFromTheStream(alert("a-1"))),
                new StreamAlert(readFromTheStream(alert("a-2")), "a-2", AlertJson.toJson(alert("a-2")), List.of("wh-1"), T),
                StreamAlert.nothingToDeliver(readFromTheStream(alert("a-3"))));
        long scriptsBefore = scriptRuns();

        assertThat(queue.enqueueAndAcknowledgeAll(read)).containsExactly(0, 1, 0);

        assertThat(scriptRuns() - scriptsBefore).isEqualTo(1);
        assertThat(REDIS.client().xpending(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP).getTotal()).isZero();
        assertThat(queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE))).extracting(ClaimedDelivery::alertId).containsExactly("a-2");
    }

    /** How many scripts Redis has run so far ({@code INFO commandstats}). */
    private static long scriptRuns() {
        Matcher calls = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(REDIS.client().info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void anEntryAcknowledgedBeforeIsNotQueuedAgainEvenOnceItsDeliveryArrived() {
        String entry = readFromTheStream(alert("a-1"));
        assertThat(queue.enqueueAndAcknowledge(entry, "a-1", AlertJson.toJson(alert("a-1")), List.of("wh-1"), T)).isEqualTo(1);
        assertThat(queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE))).hasSize(1);
        queue.delivered("wh-1", "a-1");

        assertThat(queue.enqueueAndAcknowledge(entry, "a-1", AlertJson.toJson(alert("a-1")), List.of("wh-1"), T)).isZero();

        assertThat(queue.queued(List.of("wh-1"))).isZero();
        assertThat(queue.claim(Map.of("wh-1", 10), T.plusSeconds(1), T.plus(LEASE))).isEmpty();
    }

    @Test
    void aBatchOfEntriesIsQueuedAfterRedisForgotItsScripts() {
        String first = readFromTheStream(alert("a-1"));
        String second = readFromTheStream(alert("a-2"));
        REDIS.client().scriptFlush();

        assertThat(queue.enqueueAndAcknowledgeAll(List.of(
                new StreamAlert(first, "a-1", AlertJson.toJson(alert("a-1")), List.of("wh-1"), T),
                new StreamAlert(second, "a-2", AlertJson.toJson(alert("a-2")), List.of("wh-1"), T)))).containsExactly(1, 1);

        assertThat(REDIS.client().xpending(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP).getTotal()).isZero();
        assertThat(queue.queued(List.of("wh-1"))).isEqualTo(2);
    }

    @Test
    void aClaimedDeliveryIsTakenAgainOnlyWhenItsLeaseRunsOut() {
        enqueue("a-1", "wh-1", T);
        enqueue("a-2", "wh-1", T.plusSeconds(30));

        assertThat(queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE))).extracting(ClaimedDelivery::alertId).containsExactly("a-1");
        assertThat(queue.claim(Map.of("wh-1", 10), T.plusSeconds(59), T.plusSeconds(59).plus(LEASE)))
                .extracting(ClaimedDelivery::alertId).containsExactly("a-2");

        List<ClaimedDelivery> afterCrash = queue.claim(Map.of("wh-1", 10), T.plusSeconds(60), T.plusSeconds(60).plus(LEASE));
        assertThat(afterCrash).singleElement().satisfies(delivery -> {
            assertThat(delivery.alertId()).isEqualTo("a-1");
            assertThat(delivery.attempt()).isEqualTo(2);
        });
    }

    @Test
    void aClaimTakesNoMoreThanEachSubscriptionWants() {
        for (int i = 0; i < 5; i++) {
            enqueue("a-" + i, "wh-1", T.plusMillis(i));
            enqueue("a-" + i, "wh-2", T.plusMillis(i));
        }

        List<ClaimedDelivery> claimed = queue.claim(Map.of("wh-1", 2, "wh-2", 3), T.plusSeconds(1), T.plus(LEASE));

        assertThat(claimed).filteredOn(d -> d.subscriptionId().equals("wh-1")).extracting(ClaimedDelivery::alertId)
                .containsExactly("a-0", "a-1");
        assertThat(claimed).filteredOn(d -> d.subscriptionId().equals("wh-2")).extracting(ClaimedDelivery::alertId)
                .containsExactly("a-0", "a-1", "a-2");
    }

    @Test
    void aDeliveryClaimedButNotAttemptedGoesBackDueAtOnceWithItsAttemptUncounted() {
        enqueue("a-1", "wh-1", T);
        enqueue("a-2", "wh-1", T);
        enqueue("a-3", "wh-1", T);
        List<ClaimedDelivery> claimed = queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE));
        queue.delivered("wh-1", "a-3");
        // a-2's lease ran out and another sink took it again: the first claim is no longer its own.
        List<ClaimedDelivery> takenAgain = queue.claim(Map.of("wh-1", 10), T.plus(LEASE), T.plus(LEASE).plus(LEASE));
        assertThat(takenAgain).extracting(ClaimedDelivery::alertId).containsExactlyInAnyOrder("a-1", "a-2");
        queue.retryAt("wh-1", "a-1", T.plus(LEASE).plusSeconds(5), "HTTP 500");
        List<ClaimedDelivery> again = queue.claim(Map.of("wh-1", 10), T.plus(LEASE).plusSeconds(5), T.plus(LEASE).plus(LEASE));
        assertThat(again).extracting(ClaimedDelivery::alertId, ClaimedDelivery::attempt).containsExactly(tuple("a-1", 3));

        assertThat(queue.release(List.of(again.get(0)), T.plus(LEASE).plusSeconds(6))).isEqualTo(1);
        assertThat(queue.release(claimed, T.plus(LEASE).plusSeconds(6))).as("none of the first claim is its own any more").isZero();

        assertThat(queue.claim(Map.of("wh-1", 10), T.plus(LEASE).plusSeconds(6), T.plus(LEASE).plus(LEASE)))
                .extracting(ClaimedDelivery::alertId, ClaimedDelivery::attempt).containsExactly(tuple("a-1", 3));
    }

    @Test
    void aFirstAttemptHandedBackLeavesNoTraceOfHavingBeenClaimed() {
        enqueue("a-1", "wh-1", T);
        List<ClaimedDelivery> claimed = queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE));

        assertThat(queue.release(claimed, T.plusSeconds(1))).isEqualTo(1);

        Map<String, String> hash = REDIS.client().hgetAll(RedisKeys.webhookDelivery(RedisKeys.webhookDeliveryId("wh-1", "a-1")));
        assertThat(hash).containsEntry("attempts", "0").doesNotContainKey("firstAttemptAt");
        assertThat(queue.claim(Map.of("wh-1", 10), T.plusSeconds(1), T.plus(LEASE)))
                .extracting(ClaimedDelivery::attempt).containsExactly(1);
    }

    @Test
    void aFailedDeliveryIsDueAgainAtItsRetryTimeAndADeliveredOneIsGone() {
        enqueue("a-1", "wh-1", T);
        enqueue("a-2", "wh-1", T);
        queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE));

        assertThat(queue.retryAt("wh-1", "a-1", T.plusSeconds(5), "HTTP 500")).isTrue();
        queue.delivered("wh-1", "a-2");

        assertThat(queue.claim(Map.of("wh-1", 10), T.plusSeconds(4), T.plus(LEASE))).isEmpty();
        assertThat(queue.claim(Map.of("wh-1", 10), T.plusSeconds(5), T.plus(LEASE)))
                .extracting(ClaimedDelivery::alertId, ClaimedDelivery::attempt).containsExactly(tuple("a-1", 2));
        assertThat(REDIS.client().exists(RedisKeys.webhookDelivery(RedisKeys.webhookDeliveryId("wh-1", "a-2")))).isFalse();
        assertThat(queue.queued(List.of("wh-1"))).isEqualTo(1);
    }

    @Test
    void whatAttemptsOfSeveralSubscriptionsCameToIsRecordedTogetherEachAsOnItsOwn() {
        enqueue("a-1", "wh-1", T);
        enqueue("a-2", "wh-1", T);
        enqueue("a-1", "wh-2", T);
        enqueue("a-3", "wh-2", T);
        queue.claim(Map.of("wh-1", 10, "wh-2", 10), T, T.plus(LEASE));
        queue.buryAll("wh-2", T, "subscription disabled: HTTP 410"); // a-3 of wh-2 was given up meanwhile

        List<Boolean> applied = queue.resolve(List.of(
                new Resolution.Delivered("wh-1", "a-1"),
                new Resolution.RetryAt("wh-1", "a-2", T.plusSeconds(5), "HTTP 500"),
                new Resolution.Delivered("wh-2", "a-1"),
                new Resolution.Buried("wh-2", "a-3", T.plusSeconds(1), "HTTP 503")));

        assertThat(applied).containsExactly(true, true, true, false);
        assertThat(queue.claim(Map.of("wh-1", 10, "wh-2", 10), T.plusSeconds(5), T.plus(LEASE)))
                .extracting(ClaimedDelivery::subscriptionId, ClaimedDelivery::alertId, ClaimedDelivery::attempt)
                .containsExactly(tuple("wh-1", "a-2", 2));
        assertThat(queue.deadLetters(10)).extracting(DeadLetter::subscriptionId, DeadLetter::alertId, DeadLetter::lastError)
                .containsExactly(tuple("wh-2", "a-3", "subscription disabled: HTTP 410"));
        assertThat(REDIS.client().exists(RedisKeys.webhookDelivery(RedisKeys.webhookDeliveryId("wh-1", "a-1")))).isFalse();
        // wh-2's a-1 was given up by the disabling too, then arrived after all: delivered wins over the dead letter.
        assertThat(REDIS.client().exists(RedisKeys.webhookDelivery(RedisKeys.webhookDeliveryId("wh-2", "a-1")))).isFalse();
    }

    @Test
    void resolutionsAreRecordedAfterRedisForgotItsScripts() {
        enqueue("a-1", "wh-1", T);
        enqueue("a-2", "wh-1", T);
        queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE));
        REDIS.client().scriptFlush();

        assertThat(queue.resolve(List.of(new Resolution.Delivered("wh-1", "a-1"),
                new Resolution.Buried("wh-1", "a-2", T.plusSeconds(1), "HTTP 500")))).containsExactly(true, true);

        assertThat(queue.queued(List.of("wh-1"))).isZero();
        assertThat(queue.deadLetterCount()).isEqualTo(1);
    }

    @Test
    void aDeadLetterKeepsItsLastErrorAndAReplayStartsItsScheduleAfresh() {
        enqueue("a-1", "wh-1", T);
        queue.claim(Map.of("wh-1", 10), T, T.plus(LEASE));
        queue.retryAt("wh-1", "a-1", T.plusSeconds(1), "HTTP 500");
        queue.claim(Map.of("wh-1", 10), T.plusSeconds(1), T.plus(LEASE));

        assertThat(queue.bury("wh-1", "a-1", T.plusSeconds(2), "HTTP 503")).isTrue();

        assertThat(queue.retryAt("wh-1", "a-1", T.plusSeconds(3), "late")).as("a dead letter is not rescheduled").isFalse();
        assertThat(queue.deadLetters(10)).containsExactly(new DeadLetter(RedisKeys.webhookDeliveryId("wh-1", "a-1"),
                "wh-1", "a-1", "lead.silent", 2, "HTTP 503", T.plusSeconds(2)));
        assertThat(queue.deadLetterCount()).isEqualTo(1);

        assertThat(queue.replay(queue.deadLetterIds(), T.plusSeconds(10))).isEqualTo(1);

        assertThat(queue.deadLetters(10)).isEmpty();
        assertThat(queue.claim(Map.of("wh-1", 10), T.plusSeconds(10), T.plus(LEASE)))
                .extracting(ClaimedDelivery::attempt).containsExactly(1);
    }

    @Test
    void disablingGivesUpEverythingQueuedAndDeletingThrowsItAway() {
        enqueue("a-1", "wh-1", T);
        enqueue("a-2", "wh-1", T.plusSeconds(60));
        enqueue("a-1", "wh-2", T);

        assertThat(queue.buryAll("wh-1", T, "subscription disabled: HTTP 410")).isEqualTo(2);
        assertThat(queue.drop("wh-2")).isEqualTo(1);

        assertThat(queue.deadLetters(10)).extracting(DeadLetter::alertId, DeadLetter::lastError).containsExactlyInAnyOrder(
                tuple("a-1", "subscription disabled: HTTP 410"),
                tuple("a-2", "subscription disabled: HTTP 410"));
        assertThat(queue.queued(List.of("wh-1", "wh-2"))).isZero();
        assertThat(REDIS.client().exists(RedisKeys.webhookDelivery(RedisKeys.webhookDeliveryId("wh-2", "a-1")))).isFalse();
    }

    @Test
    void theBacklogCountsEverySubscriptionsDeliveriesInFlightIncluded() {
        enqueue("a-1", "wh-1", T);
        enqueue("a-2", "wh-1", T.plusSeconds(60));
        enqueue("a-1", "wh-2", T);
        queue.claim(Map.of("wh-2", 10), T, T.plus(LEASE));

        assertThat(queue.queued(List.of("wh-1", "wh-2", "wh-without-deliveries"))).isEqualTo(3);
        assertThat(queue.queued(List.of())).isZero();
    }

    private void enqueue(String alertId, String subscriptionId, Instant due) {
        String entry = readFromTheStream(alert(alertId));
        queue.enqueueAndAcknowledge(entry, alertId, AlertJson.toJson(alert(alertId)), List.of(subscriptionId), due);
    }

    /** Adds the alert to the stream and reads it with the sink's consumer group, as the intake does. */
    private static String readFromTheStream(Alert alert) {
        return readFromTheStream(AlertJson.toJson(alert));
    }

    /** Adds an entry with this {@code alert} field to the stream and reads it with the sink's consumer group. */
    private static String readFromTheStream(String alertField) {
        try {
            REDIS.client().xgroupCreate(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP, StreamEntryID.XGROUP_LAST_ENTRY, true);
        } catch (RuntimeException exists) {
            // BUSYGROUP: created by an earlier call of this test.
        }
        REDIS.client().xadd(RedisKeys.ALERT_STREAM, StreamEntryID.NEW_ENTRY, Map.of("alert", alertField));
        return REDIS.client().xreadGroup(RedisKeys.WEBHOOK_CONSUMER_GROUP, "test", XReadGroupParams.xReadGroupParams().count(1),
                Map.of(RedisKeys.ALERT_STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(0).getValue().get(0).getID().toString();
    }

    private static Alert alert(String id) {
        return Alert.newBuilder().setId(id).setType("lead.silent").setTeamId("t1").setOccurredAt(T).setDetectedAt(T)
                .setMessage("L-1 has been silent for 3 days").setFacts(Map.of()).build();
    }
}
