package io.leadpulse.launcher;

import org.apache.flink.configuration.MemorySize;

/**
 * Where the detection job keeps its keyed state ({@code LP_STATE_BACKEND}) and, on RocksDB, the memory RocksDB may
 * use for it, its block cache and write buffers together, outside the JVM heap ({@code LP_ROCKSDB_MEMORY}).
 */
public record KeyedStateSettings(FlinkMiniCluster.StateBackend backend, MemorySize rocksDbMemory) {
    /**
     * 1 GB. With Flink's local default RocksDB had 64 MB (half of 128 MB, one slot of two), and at 5,000 clicks/s for
     * four minutes the job fell 25-30 s behind; with 512 MB its p99 click -> alert was 0.2-1.2 s, with 1 GB
     * 0.22-0.26 s (docs/benchmarks.md, session 14).
     */
    public static final MemorySize DEFAULT_ROCKSDB_MEMORY = MemorySize.ofMebiBytes(1024);
    /** A floor against typos (a bare number is bytes), not a size to run with: 64 MB is what fell behind. */
    public static final MemorySize LEAST_ROCKSDB_MEMORY = MemorySize.ofMebiBytes(64);

    public static KeyedStateSettings of(FlinkMiniCluster.StateBackend backend) {
        return new KeyedStateSettings(backend, DEFAULT_ROCKSDB_MEMORY);
    }
}
