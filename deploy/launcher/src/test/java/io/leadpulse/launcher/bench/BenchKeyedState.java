package io.leadpulse.launcher.bench;

import io.leadpulse.launcher.KeyedStateSettings;
import io.leadpulse.launcher.LeadPulseConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The keyed state a benchmark was asked for, with RocksDB's memory as {@code up} takes it ({@code LP_ROCKSDB_MEMORY}). */
final class BenchKeyedState {
    private BenchKeyedState() {
    }

    static KeyedStateSettings of(String backend) {
        Map<String, String> env = new HashMap<>(Map.of("LP_STATE_BACKEND", backend));
        Optional.ofNullable(System.getenv("LP_ROCKSDB_MEMORY")).ifPresent(memory -> env.put("LP_ROCKSDB_MEMORY", memory));
        KeyedStateSettings state = LeadPulseConfig.fromEnvironment(env, false).keyedState();
        System.out.println("state: " + state);
        return state;
    }
}
