package io.leadpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.DetectionSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The mini cluster's settings per state backend, as `up` and the benchmarks run the job. */
class FlinkMiniClusterTest {
    private static final Path CHECKPOINTS = Path.of("/var/lib/leadpulse/checkpoints");
    private static final DetectionSettings SETTINGS = new DetectionSettings("localhost:9092", "redis://localhost:6379");

    @Test
    void rocksDbKeepsItsFilesBesideTheCheckpointsWithBloomFiltersAndCheckpointsIncrementally() {
        Map<String, String> conf = settingsOf(FlinkMiniCluster.StateBackend.ROCKSDB);

        assertThat(conf).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.rocksdb.localdir", "/var/lib/leadpulse/rocksdb")
                .containsEntry("state.backend.rocksdb.use-bloom-filter", "true")
                .containsEntry("execution.checkpointing.incremental", "true");
    }

    @Test
    void theHeapBackendHasNoRocksDbSettings() {
        Map<String, String> conf = settingsOf(FlinkMiniCluster.StateBackend.HASHMAP);

        assertThat(conf).containsEntry("state.backend.type", "hashmap");
        assertThat(conf.keySet()).noneMatch(key -> key.startsWith("state.backend.rocksdb"));
    }

    private static Map<String, String> settingsOf(FlinkMiniCluster.StateBackend backend) {
        Configuration conf = FlinkMiniCluster.configuration(SETTINGS, backend, CHECKPOINTS);
        return conf.toMap();
    }
}
