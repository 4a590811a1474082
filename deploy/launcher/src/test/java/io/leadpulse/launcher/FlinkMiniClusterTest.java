package io.leadpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.DetectionSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.state.rocksdb.RocksDBMemoryConfiguration;
import org.junit.jupiter.api.Test;

/** The mini cluster's settings per state backend, as `up` and the benchmarks run the job. */
class FlinkMiniClusterTest {
    private static final Path CHECKPOINTS = Path.of("/var/lib/leadpulse/checkpoints");
    private static final DetectionSettings SETTINGS = new DetectionSettings("localhost:9092", "redis://localhost:6379");

    @Test
    void rocksDbKeepsItsFilesBesideTheCheckpointsWithBloomFiltersAndCheckpointsIncrementally() {
        Map<String, String> conf = settingsOf(KeyedStateSettings.of(FlinkMiniCluster.StateBackend.ROCKSDB));

        assertThat(conf).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.rocksdb.localdir", "/var/lib/leadpulse/rocksdb")
                .containsEntry("state.backend.rocksdb.use-bloom-filter", "true")
                .containsEntry("execution.checkpointing.incremental", "true")
                .as("Flink's write buffers: smaller ones cost a quarter of a replay's throughput (benchmarks, session 17)")
                .doesNotContainKey("state.backend.rocksdb.writebuffer.size");
    }

    @Test
    void rocksDbGetsOneGigabyteOfItsOwnByDefaultNotFlinksManagedMemory() {
        RocksDBMemoryConfiguration memory = rocksDbMemoryOf(KeyedStateSettings.of(FlinkMiniCluster.StateBackend.ROCKSDB));

        assertThat(memory.isUsingFixedMemoryPerSlot()).isTrue();
        assertThat(memory.getFixedMemoryPerSlot()).isEqualTo(MemorySize.ofMebiBytes(1024));
    }

    @Test
    void rocksDbGetsTheMemoryTheOperatorChoseForTheJobsOneSlot() {
        KeyedStateSettings state = new KeyedStateSettings(FlinkMiniCluster.StateBackend.ROCKSDB, MemorySize.parse("2g"));

        assertThat(rocksDbMemoryOf(state).getFixedMemoryPerSlot()).isEqualTo(MemorySize.ofMebiBytes(2048));
        assertThat(settingsOf(state)).as("the whole job in one slot").containsEntry("parallelism.default", "1");
    }

    @Test
    void theHeapBackendHasNoRocksDbSettings() {
        Map<String, String> conf = settingsOf(new KeyedStateSettings(FlinkMiniCluster.StateBackend.HASHMAP, MemorySize.parse("2g")));

        assertThat(conf).containsEntry("state.backend.type", "hashmap");
        assertThat(conf.keySet()).noneMatch(key -> key.startsWith("state.backend.rocksdb"));
    }

    @Test
    void flinksRestApiAndBlobServerListenOnTheLoopbackInterfaceOnly() {
        Map<String, String> conf = settingsOf(KeyedStateSettings.of(FlinkMiniCluster.StateBackend.HASHMAP));

        assertThat(conf).as("the REST API can cancel the job").containsEntry("rest.bind-address", "127.0.0.1")
                .as("the blob server takes uploads").containsEntry("jobmanager.bind-host", "127.0.0.1");
    }

    /** The memory settings as Flink's RocksDB backend reads them from the configuration. */
    private static RocksDBMemoryConfiguration rocksDbMemoryOf(KeyedStateSettings state) {
        return RocksDBMemoryConfiguration.fromConfiguration(FlinkMiniCluster.configuration(SETTINGS, state, CHECKPOINTS));
    }

    private static Map<String, String> settingsOf(KeyedStateSettings state) {
        Configuration conf = FlinkMiniCluster.configuration(SETTINGS, state, CHECKPOINTS);
        return conf.toMap();
    }
}
