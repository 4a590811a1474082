package io.leadpulse.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.StreamEntryID;

/** The Redis sink against a real Redis server. */
class RedisAlertSinkTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    final List<String> live = new CopyOnWriteArrayList<>();
    JedisPubSub subscriber;

    @BeforeEach
    void listenToTheTeamChannel() {
        subscriber = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                live.add(message);
            }
        };
        Thread listener = new Thread(() -> REDIS.client().subscribe(subscriber, RedisKeys.teamChannel("t1")));
        listener.setDaemon(true);
        listener.start();
        await().until(() -> subscriber.isSubscribed());
    }

    @Test
    void storesAnAlertInEveryPlaceOfTheContract() {
        Alert alert = alert("a-1", "r7", Instant.parse("2026-11-22T09:31:40.120Z"));

        try (RedisAlertStore store = new RedisAlertStore(REDIS.url())) {
            assertThat(store.store(alert)).isTrue();
        }

        assertThat(AlertJson.fromJson(REDIS.client().get("lp:alert:a-1"))).isEqualTo(alert);
        assertThat(REDIS.client().ttl("lp:alert:a-1")).isBetween(30L * 24 * 3600 - 60, 30L * 24 * 3600);
        assertThat(REDIS.client().zscore("lp:alerts:team:t1", "a-1")).isEqualTo((double) alert.getDetectedAt().toEpochMilli());
        assertThat(REDIS.client().zscore("lp:alerts:rep:r7", "a-1")).isEqualTo((double) alert.getDetectedAt().toEpochMilli());
        var entries = REDIS.client().xrange("lp:alerts", (StreamEntryID) null, (StreamEntryID) null);
        assertThat(entries).hasSize(1);
        assertThat(AlertJson.fromJson(entries.get(0).getFields().get("alert"))).isEqualTo(alert);
        await().atMost(Duration.ofSeconds(5)).until(() -> live.size() == 1);
        assertThat(AlertJson.fromJson(live.get(0))).isEqualTo(alert);
    }

    @Test
    void anAlertWithoutRepGoesToTheTeamFeedOnly() {
        try (RedisAlertStore store = new RedisAlertStore(REDIS.url())) {
            store.store(alert("a-2", null, Instant.now()));
        }

        assertThat(REDIS.client().zcard("lp:alerts:team:t1")).isEqualTo(1);
        assertThat(REDIS.client().keys("lp:alerts:rep:*")).isEmpty();
    }

    @Test
    void feedsKeepTheNewestTenThousand() {
        try (RedisAlertStore store = new RedisAlertStore(REDIS.url())) {
            Instant t0 = Instant.parse("2026-11-22T00:00:00Z");
            for (int i = 0; i < RedisKeys.FEED_LENGTH + 5; i++) {
                store.store(alert("a-" + i, "r7", t0.plusMillis(i)));
            }
        }

        assertThat(REDIS.client().zcard("lp:alerts:team:t1")).isEqualTo(RedisKeys.FEED_LENGTH);
        assertThat(REDIS.client().zscore("lp:alerts:team:t1", "a-4")).isNull();
        assertThat(REDIS.client().zscore("lp:alerts:team:t1", "a-5")).isNotNull();
        assertThat(REDIS.client().zcard("lp:alerts:rep:r7")).isEqualTo(RedisKeys.FEED_LENGTH);
    }

    @Test
    void runningTheSinkTwiceOnTheSameAlertsDoublesNothing() throws Exception {
        Instant t0 = Instant.parse("2026-11-22T09:00:00Z");
        List<Alert> alerts = List.of(alert("a-x", "r7", t0), alert("a-y", "r8", t0.plusSeconds(1)), alert("a-z", "r7", t0.plusSeconds(2)));

        for (int run = 0; run < 2; run++) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromData(alerts).sinkTo(new RedisAlertSink(REDIS.url()));
            env.execute("redis-sink-run-" + run);
        }

        assertThat(REDIS.client().xlen("lp:alerts")).isEqualTo(3);
        assertThat(REDIS.client().zrange("lp:alerts:team:t1", 0, -1)).containsExactly("a-x", "a-y", "a-z");
        assertThat(REDIS.client().zrange("lp:alerts:rep:r7", 0, -1)).containsExactly("a-x", "a-z");
        assertThat(REDIS.client().zrange("lp:alerts:rep:r8", 0, -1)).containsExactly("a-y");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> live.size() == 3);
    }

    private static Alert alert(String id, String repId, Instant detectedAt) {
        return Alert.newBuilder()
                .setId(id).setType("content.reached").setTeamId("t1").setRepId(repId).setLeadId("L-1")
                .setOccurredAt(detectedAt.minusMillis(50)).setDetectedAt(detectedAt)
                .setMessage("L-1 opened 'Course outline'").setFacts(Map.of("code", "7fQk2cAbCdEf"))
                .build();
    }
}
