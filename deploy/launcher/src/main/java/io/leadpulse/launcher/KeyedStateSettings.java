package io.leadpulse.launcher;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

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

    /**
     * Sets the backend, and for RocksDB how it runs, on a Flink configuration: the one the mini cluster starts with and
     * the benchmarks' too, so that a benchmark on RocksDB measures RocksDB as {@code up} runs it.
     *
     * @param rocksDbDir RocksDB's working files (under {@code LP_STATE_DIR}, next to the checkpoints, not in the system's
     *                   temporary directory)
     */
    public void applyTo(Configuration conf, Path rocksDbDir) {
        conf.set(StateBackendOptions.STATE_BACKEND, backend.name().toLowerCase(Locale.ROOT));
        if (backend == FlinkMiniCluster.StateBackend.ROCKSDB) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            conf.set(RocksDBOptions.LOCAL_DIRECTORIES, rocksDbDir.toString());
            // Nearly every click is a new visitor, whose lookup in the link's visitors misses: without a filter each
            // miss searched every file that might hold it (p99 click -> alert 5.8 s at 5,000 clicks/s, 2.0 s with).
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
            // The whole job runs in one slot (parallelism 1, one slot sharing group), so this is all RocksDB gets. Not
            // Flink's managed memory: a local cluster has 128 MB of it, halved by the second slot.
            conf.set(RocksDBOptions.FIX_PER_SLOT_MEMORY_SIZE, rocksDbMemory);
            // Flink's write buffers (64 MB) stay: a checkpoint flushes them while the task waits, 190-220 ms for the
            // lead detectors at 5,000 clicks/s, and the clicks taken meanwhile are the p99 tail (147-183 ms in session
            // 17's runs, within the target); 8 MB halved that tail but cost a quarter of the throughput of a replay,
            // and 16 MB hardly shortened the pause (docs/benchmarks.md, issue 4, session 17).
        }
    }
}
