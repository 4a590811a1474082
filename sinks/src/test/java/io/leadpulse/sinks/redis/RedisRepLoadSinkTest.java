package io.leadpulse.sinks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.schemas.v1.RepLoad;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.Tuple;

/** The rep load store and sink against a real Redis server. */
class RedisRepLoadSinkTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2026-11-22T09:31:40.120Z");

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    RedisRepLoadStore store;

    @BeforeEach
    void newStore() {
        store = new RedisRepLoadStore(REDIS.url());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void storesTheLoadAsTheContractsHashAndTeamRanking() {
        RepLoad load = load("r7", "t1", 37.5, T0);

        assertThat(store.store(load)).isTrue();

        assertThat(REDIS.client().hgetAll("lp:rep:r7:load")).isEqualTo(Map.of(
                "teamId", "t1",
                "openLeads", "6",
                "awaitingFirstResponse", "3",
                "followUps3d", "2",
                "assigned24h", "4",
                "capacity", "8",
                "loadPct", "37.5",
                "updatedAt", "1795339900120"));
        assertThat(REDIS.client().zscore("lp:team:t1:load", "r7")).isEqualTo(37.5);
        assertThat(store.read("r7")).contains(load);
        assertThat(store.ping()).isTrue();
    }

    @Test
    void loadPctIsAPlainDecimalInTheHashAndTheSameNumberInTheRanking() {
        store.store(load("r1", "t1", 100.0, T0));
        store.store(load("r2", "t1", 0.0, T0));
        store.store(load("r3", "t1", 0.0001, T0));
        store.store(load("r4", "t1", 12345678.25, T0));

        assertThat(REDIS.client().hget("lp:rep:r1:load", "loadPct")).isEqualTo("100");
        assertThat(REDIS.client().hget("lp:rep:r2:load", "loadPct")).isEqualTo("0");
        assertThat(REDIS.client().hget("lp:rep:r3:load", "loadPct")).isEqualTo("0.0001");
        assertThat(REDIS.client().hget("lp:rep:r4:load", "loadPct")).isEqualTo("12345678.25");
        assertThat(REDIS.client().zscore("lp:team:t1:load", "r3")).isEqualTo(0.0001);
        assertThat(REDIS.client().zscore("lp:team:t1:load", "r4")).isEqualTo(12345678.25);
    }

    @Test
    void aLoadThatIsNotANumberIsRefusedBeforeReachingRedis() {
        assertThatThrownBy(() -> store.store(load("r7", "t1", Double.NaN, T0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.store(load("r7", "t1", Double.POSITIVE_INFINITY, T0))).isInstanceOf(IllegalArgumentException.class);

        assertThat(REDIS.client().keys("*")).isEmpty();
    }

    @Test
    void anOlderLoadReplayedAfterARestartDoesNotOverwriteANewerOne() {
        RepLoad newer = load("r7", "t1", 75.0, T0.plusSeconds(60));
        store.store(newer);

        boolean stored = store.store(load("r7", "t1", 25.0, T0));

        assertThat(stored).isFalse();
        assertThat(store.read("r7")).contains(newer);
        assertThat(REDIS.client().zscore("lp:team:t1:load", "r7")).isEqualTo(75.0);
    }

    @Test
    void writingTheSameLoadTwiceChangesNothing() {
        RepLoad load = load("r7", "t1", 37.5, T0);
        store.store(load);
        Map<String, String> hashBefore = REDIS.client().hgetAll("lp:rep:r7:load");
        List<Tuple> rankingBefore = REDIS.client().zrangeWithScores("lp:team:t1:load", 0, -1);

        boolean storedAgain = store.store(load);

        assertThat(storedAgain).isTrue();
        assertThat(REDIS.client().hgetAll("lp:rep:r7:load")).isEqualTo(hashBefore);
        assertThat(REDIS.client().zrangeWithScores("lp:team:t1:load", 0, -1)).isEqualTo(rankingBefore);
        assertThat(REDIS.client().keys("*")).containsExactlyInAnyOrder("lp:rep:r7:load", "lp:team:t1:load");
    }

    @Test
    void aRepMovingToAnotherTeamLeavesTheOldTeamsRanking() {
        store.store(load("r7", "t1", 50.0, T0));
        store.store(load("r8", "t1", 20.0, T0));

        store.store(load("r7", "t2", 10.0, T0.plusSeconds(1)));

        assertThat(REDIS.client().zrange("lp:team:t1:load", 0, -1)).containsExactly("r8");
        assertThat(REDIS.client().zscore("lp:team:t2:load", "r7")).isEqualTo(10.0);
        assertThat(REDIS.client().hget("lp:rep:r7:load", "teamId")).isEqualTo("t2");
    }

    @Test
    void aReplayedLoadFromTheOldTeamDoesNotPutTheRepBackInIt() {
        store.store(load("r7", "t1", 50.0, T0));
        store.store(load("r7", "t2", 10.0, T0.plusSeconds(1)));

        boolean stored = store.store(load("r7", "t1", 50.0, T0));

        assertThat(stored).isFalse();
        assertThat(REDIS.client().exists("lp:team:t1:load")).isFalse();
        assertThat(REDIS.client().zrange("lp:team:t2:load", 0, -1)).containsExactly("r7");
        assertThat(REDIS.client().hget("lp:rep:r7:load", "teamId")).isEqualTo("t2");
    }

    @Test
    void theTeamRankingOrdersRepsByLoadPct() {
        store.store(load("r1", "t1", 62.5, T0));
        store.store(load("r2", "t1", 12.5, T0));
        store.store(load("r3", "t1", 100.0, T0));
        store.store(load("r2", "t1", 87.5, T0.plusSeconds(5)));

        assertThat(REDIS.client().zrangeWithScores("lp:team:t1:load", 0, -1)).containsExactly(
                new Tuple("r1", 62.5), new Tuple("r2", 87.5), new Tuple("r3", 100.0));
    }

    @Test
    void aRepWithoutStoredLoadReadsAsEmpty() {
        store.store(load("r7", "t1", 37.5, T0));

        assertThat(store.read("r8")).isEmpty();
    }

    @Test
    void storesAgainAfterRedisForgetsTheScript() {
        store.store(load("r7", "t1", 37.5, T0));
        REDIS.client().scriptFlush();

        assertThat(store.store(load("r7", "t1", 50.0, T0.plusSeconds(1)))).isTrue();

        assertThat(REDIS.client().hget("lp:rep:r7:load", "loadPct")).isEqualTo("50");
    }

    @Test
    void theSinkInAFlinkJobLeavesEveryRepWithItsNewestLoadWhateverTheOrderOfArrival() throws Exception {
        // Ten loads per rep, shuffled and spread over two writers: Redis sees them in no particular order.
        Map<String, String> teamOfRep = Map.of("r1", "t1", "r2", "t1", "r3", "t1", "r4", "t2");
        List<RepLoad> loads = new ArrayList<>();
        for (String rep : teamOfRep.keySet()) {
            for (int i = 0; i < 10; i++) {
                loads.add(load(rep, teamOfRep.get(rep), i * 10 + rep.charAt(1) - '0', T0.plusSeconds(i)));
            }
        }
        Collections.shuffle(loads, new Random(42));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(loads).rebalance().sinkTo(new RedisRepLoadSink(REDIS.url())).setParallelism(2);
        env.execute("redis-rep-load-sink");

        for (String rep : teamOfRep.keySet()) {
            double newest = 90 + rep.charAt(1) - '0';
            assertThat(store.read(rep)).contains(load(rep, teamOfRep.get(rep), newest, T0.plusSeconds(9)));
        }
        assertThat(REDIS.client().zrangeWithScores("lp:team:t1:load", 0, -1)).containsExactly(
                new Tuple("r1", 91.0), new Tuple("r2", 92.0), new Tuple("r3", 93.0));
        assertThat(REDIS.client().zrangeWithScores("lp:team:t2:load", 0, -1)).containsExactly(new Tuple("r4", 94.0));
        assertThat(REDIS.client().keys("*")).isEqualTo(Set.of("lp:rep:r1:load", "lp:rep:r2:load", "lp:rep:r3:load",
                "lp:rep:r4:load", "lp:team:t1:load", "lp:team:t2:load"));
    }

    @Test
    void aRedisOutageFailsTheWriteSoFlinkRestartsInsteadOfDroppingTheLoad(@TempDir Path otherDir) throws Exception {
        EmbeddedRedis doomed = EmbeddedRedis.start(otherDir);
        RedisRepLoadStore doomedStore = new RedisRepLoadStore(doomed.url());
        SinkWriter<RepLoad> writer = new BatchingRedisWriter<>("rep-loads", doomedStore, doomedStore::call, doomedStore::storeAll,
                load -> "load of rep " + load.getRepId(), new ManualProcessingTime());
        try {
            writer.write(load("r7", "t1", 37.5, T0), null);
            writer.flush(false);
            doomed.close();
            writer.write(load("r7", "t1", 50.0, T0.plusSeconds(1)), null);

            assertThatThrownBy(() -> writer.flush(false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("load of rep r7")
                    .hasMessageContaining(BatchingRedisWriter.ATTEMPTS + " attempts");
        } finally {
            writer.close();
            doomed.close();
        }
    }

    private static RepLoad load(String repId, String teamId, double loadPct, Instant updatedAt) {
        return RepLoad.newBuilder()
                .setRepId(repId).setTeamId(teamId)
                .setOpenLeads(6).setAwaitingFirstResponse(3).setFollowUps3d(2).setAssigned24h(4).setCapacity(8)
                .setLoadPct(loadPct).setUpdatedAt(updatedAt)
                .build();
    }
}
