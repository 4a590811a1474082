package io.leadpulse.launcher;

import org.apache.flink.configuration.MemorySize;

/**
 * Where the detection job keeps its keyed state ({@code LP_STATE_BACKEND}) and, on RocksDB, the memory RocksDB may
 * use for it, its block cache and write buffers together, off the JVM heap ({@code LP_ROCKSDB_MEMORY}).
 */
public record KeyedState(FlinkMiniCluster.StateBackend backend, MemorySize rocksDbMemory) {
    /**
     * 1 GB. Flink's local default leaves RocksDB 64 MB (half of 128 MB, one slot of two): there, at 5,000 clicks/s for
     * four minutes, every click's lookups went to files the cache could not hold and the job fell 25-30 s behind; with
     * 512 MB it kept up, with a p99 of 0.2-1.2 s, with 1 GB 0.22-0.26 s (docs/benchmarks.md, session 14).
     */
    public static final MemorySize DEFAULT_ROCKSDB_MEMORY = MemorySize.ofMebiBytes(1024);
    /** Below this RocksDB spends its time flushing tiny write buffers and reading its own files again. */
    public static final MemorySize LEAST_ROCKSDB_MEMORY = MemorySize.ofMebiBytes(64);

    public KeyedState {
        if (rocksDbMemory.compareTo(LEAST_ROCKSDB_MEMORY) < 0) {
            throw new IllegalArgumentException("RocksDB needs at least " + LEAST_ROCKSDB_MEMORY.getMebiBytes()
                    + " MiB, not " + rocksDbMemory.getBytes() + " bytes");
        }
    }

    public static KeyedState of(FlinkMiniCluster.StateBackend backend) {
        return new KeyedState(backend, DEFAULT_ROCKSDB_MEMORY);
    }
}
