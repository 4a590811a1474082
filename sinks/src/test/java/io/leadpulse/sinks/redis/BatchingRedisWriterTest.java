package io.leadpulse.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.schemas.v1.Alert;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

        assertThat(REDIS.client().zrange("lp:alerts:team:t1", 0, -1)).containsExactly("a-1", "a-2");
    }

    @Test
    void aFullBatchGoesAtOnceWithoutWaitingForTheLinger() throws Exception {
        for (int i = 0; i < BatchingRedisWriter.MOST_PER_BATCH; i++) {
            writer.write(alert("a-" + i), null);
        }

        assertThat(REDIS.client().zcard("lp:alerts:team:t1")).isEqualTo(BatchingRedisWriter.MOST_PER_BATCH);
        assertThat(REDIS.client().xlen("lp:alerts")).isEqualTo(BatchingRedisWriter.MOST_PER_BATCH);
        time.advanceBy(BatchingRedisWriter.LINGER.toMillis()); // the timer finds nothing left to send
        assertThat(REDIS.client().xlen("lp:alerts")).isEqualTo(BatchingRedisWriter.MOST_PER_BATCH);
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

    private SinkWriter<Alert> writerTo(String url) {
        RedisAlertStore store = new RedisAlertStore(url);
        return new BatchingRedisWriter<>(store, store::call, store::storeAll, alert -> "alert " + alert.getId(), time);
    }

    private static Alert alert(String id) {
        return Alert.newBuilder()
                .setId(id).setType("content.reached").setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setOccurredAt(T0.minusMillis(50)).setDetectedAt(T0)
                .setMessage("L-1 opened 'Course outline'").setFacts(Map.of("code", "7fQk2cAbCdEf"))
                .build();
    }
}
