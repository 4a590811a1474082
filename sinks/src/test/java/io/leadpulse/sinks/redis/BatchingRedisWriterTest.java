package io.leadpulse.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.schemas.v1.Alert;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** How the Redis sinks batch their writes, against a real Redis server; time is moved by hand. */
class BatchingRedisWriterTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    final ManualProcessingTime time = new ManualProcessingTime();
    SinkWriter<Alert> writer;

    @BeforeEach
    void newWriter() {
        writer = writerTo(REDIS.url());
    }

    @AfterEach
    void closeWriter() throws Exception {
        writer.close();
    }

    @Test
    void anAlertWaitsAtMostTheLingerForCompanyThenIsStored() throws Exception {
        writer.write(alert("a-1"), null);
        writer.write(alert("a-2"), null);
        assertThat(REDIS.client().exists("lp:alert:a-1")).isFalse();
        assertThat(time.pendingTimers()).isEqualTo(1);

        time.advanceBy(BatchingRedisWriter.LINGER.toMillis() - 1);
        assertThat(REDIS.client().exists("lp:alert:a-1")).isFalse();
        time.advanceBy(1);

        await().untilAsserted(() -> assertThat(REDIS.client().zrange("lp:alerts:team:t1", 0, -1)).containsExactly("a-1", "a-2"));
    }

    @Test
    void aFullBatchGoesAtOnceWithoutWaitingForTheLinger() throws Exception {
        for (int i = 0; i < BatchingRedisWriter.MOST_PER_BATCH; i++) {
            writer.write(alert("a-" + i), null);
        }

        await().untilAsserted(() -> assertThat(REDIS.client().xlen("lp:alerts")).isEqualTo(BatchingRedisWriter.MOST_PER_BATCH));
        assertThat(REDIS.client().zcard("lp:alerts:team:t1")).isEqualTo(BatchingRedisWriter.MOST_PER_BATCH);
        time.advanceBy(BatchingRedisWriter.LINGER.toMillis()); // the timer finds nothing left to send
        writer.flush(false);
        assertThat(REDIS.client().xlen("lp:alerts")).isEqualTo(BatchingRedisWriter.MOST_PER_BATCH);
    }

    @Test
    @Timeout(30) // a writer that waits for Redis on the task's thread never gets past the held-up batch
    void theTaskGoesOnWhileABatchIsOnItsWayAndWaitsOnlyWhenTheNextOneIsFull() throws Exception {
        CountDownLatch redisAnswers = new CountDownLatch(1);
        SinkWriter<Alert> slowWriter = heldUpUntil(redisAnswers);
        try {
            for (int i = 0; i < BatchingRedisWriter.MOST_PER_BATCH; i++) {
                slowWriter.write(alert("a-" + i), null); // the last one sends the full batch
            }
            AtomicInteger taken = new AtomicInteger();
            CompletableFuture<Void> nextBatch = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < BatchingRedisWriter.MOST_PER_BATCH; i++) {
                        slowWriter.write(alert("b-" + i), null);
                        taken.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            // All but the last element of the next batch are taken; the last waits for the batch in flight.
            await().until(() -> taken.get() == BatchingRedisWriter.MOST_PER_BATCH - 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !nextBatch.isDone());
            assertThat(REDIS.client().xlen("lp:alerts")).isZero();
            redisAnswers.countDown();
            nextBatch.get(10, TimeUnit.SECONDS);
            slowWriter.flush(false);

            assertThat(REDIS.client().xlen("lp:alerts")).isEqualTo(2L * BatchingRedisWriter.MOST_PER_BATCH);
            assertThat(REDIS.client().xrange("lp:alerts", "-", "+", 1).get(0).getFields().get("alert")).contains("\"a-0\"");
        } finally {
            redisAnswers.countDown();
            slowWriter.close();
        }
    }

    @Test
    @Timeout(30) // a writer that waits for Redis on the task's thread never gets past the held-up batch
    void aBatchWhosePredecessorIsStillOnItsWayGathersCompanyForAnotherLinger() throws Exception {
        CountDownLatch redisAnswers = new CountDownLatch(1);
        SinkWriter<Alert> slowWriter = heldUpUntil(redisAnswers);
        try {
            slowWriter.write(alert("a-1"), null);
            time.advanceBy(BatchingRedisWriter.LINGER.toMillis()); // a-1 on its way, held up
            slowWriter.write(alert("a-2"), null);

            time.advanceBy(BatchingRedisWriter.LINGER.toMillis()); // does not wait for a-1: lingers again
            assertThat(time.pendingTimers()).isEqualTo(1);
            redisAnswers.countDown();
            // Lingers go on until a-1 is stored, then a-2 goes.
            await().pollInSameThread().untilAsserted(() -> {
                time.advanceBy(BatchingRedisWriter.LINGER.toMillis());
                assertThat(REDIS.client().exists("lp:alert:a-2")).isTrue();
            });
            assertThat(REDIS.client().exists("lp:alert:a-1")).isTrue();
            assertThat(time.pendingTimers()).isZero();
        } finally {
            redisAnswers.countDown();
            slowWriter.close();
        }
    }

    @Test
    void aCheckpointFlushLeavesNothingBehind() throws Exception {
        writer.write(alert("a-1"), null);

        writer.flush(false);

        assertThat(REDIS.client().exists("lp:alert:a-1")).isTrue();
    }

    @Test
    void anAlertIsTakenAsItWasWrittenEvenIfTheJobReusesTheObjectAfterwards() throws Exception {
        Alert reused = alert("a-1");
        writer.write(reused, null);
        reused.setId("a-2");
        reused.setRepId("r8");
        writer.write(reused, null);

        writer.flush(false);

        assertThat(REDIS.client().zrange("lp:alerts:rep:r7", 0, -1)).containsExactly("a-1");
        assertThat(REDIS.client().zrange("lp:alerts:rep:r8", 0, -1)).containsExactly("a-2");
    }

    @Test
    void aBatchSentAgainAfterRedisForgotItsScriptStoresEachAlertOnce() throws Exception {
        writer.write(alert("a-1"), null);
        writer.flush(false);
        REDIS.client().scriptFlush();

        writer.write(alert("a-1"), null);
        writer.write(alert("a-2"), null);
        writer.flush(false);

        assertThat(REDIS.client().xlen("lp:alerts")).isEqualTo(2);
        assertThat(REDIS.client().zrange("lp:alerts:team:t1", 0, -1)).containsExactly("a-1", "a-2");
    }

    @Test
    void aRedisOutageFailsTheBatchSoFlinkRestartsInsteadOfDroppingIt(@TempDir Path otherDir) throws Exception {
        EmbeddedRedis doomed = EmbeddedRedis.start(otherDir);
        SinkWriter<Alert> toDoomed = writerTo(doomed.url());
        try {
            toDoomed.write(alert("a-1"), null);
            toDoomed.write(alert("a-2"), null);
            doomed.close();

            assertThatThrownBy(() -> toDoomed.flush(false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("2 writes from alert a-1 on")
                    .hasMessageContaining(BatchingRedisWriter.ATTEMPTS + " attempts");
        } finally {
            toDoomed.close();
            doomed.close();
        }
    }

    /** A writer to the real Redis whose batches wait until Redis "answers" (the latch), as if Redis were busy. */
    private SinkWriter<Alert> heldUpUntil(CountDownLatch redisAnswers) {
        RedisAlertStore store = new RedisAlertStore(REDIS.url());
        return new BatchingRedisWriter<>("alerts", store, store::call, calls -> {
            awaitQuietly(redisAnswers);
            return store.storeAll(calls);
        }, alert -> "alert " + alert.getId(), time);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SinkWriter<Alert> writerTo(String url) {
        RedisAlertStore store = new RedisAlertStore(url);
        return new BatchingRedisWriter<>("alerts", store, store::call, store::storeAll, alert -> "alert " + alert.getId(), time);
    }

    private static Alert alert(String id) {
        return Alert.newBuilder()
                .setId(id).setType("content.reached").setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setOccurredAt(T0.minusMillis(50)).setDetectedAt(T0)
                .setMessage("L-1 opened 'Course outline'").setFacts(Map.of("code", "7fQk2cAbCdEf"))
                .build();
    }
}
