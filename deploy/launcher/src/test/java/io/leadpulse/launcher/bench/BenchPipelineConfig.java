package io.leadpulse.launcher.bench;

import io.leadpulse.launcher.FlinkMiniCluster;
import io.leadpulse.launcher.LeadPulseConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration a pipeline benchmark runs with: what the benchmark itself must fix (its port, key and state
 * directory), over the {@code LP_*} variables of the environment it was started in, so that one benchmark measures
 * any configuration an operator can choose ({@code LP_STATE_BACKEND=rocksdb deploy/bench/...}).
 */
final class BenchPipelineConfig {
    private BenchPipelineConfig() {
    }

    static LeadPulseConfig of(Map<String, String> fixed) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("LP_") && !name.startsWith("LP_BENCH_")) {
                env.put(name, value);
            }
        });
        env.putAll(fixed);
        LeadPulseConfig config = LeadPulseConfig.fromEnvironment(env, false);
        System.out.printf("pipeline: state backend %s%s, checkpoint every %s%n", config.stateBackend(),
                config.stateBackend() == FlinkMiniCluster.StateBackend.ROCKSDB ? " (" + config.keyedState().rocksDbMemory() + " for RocksDB)" : "",
                config.checkpointInterval());
        return config;
    }
}
