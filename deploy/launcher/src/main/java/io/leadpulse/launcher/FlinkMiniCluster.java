package io.leadpulse.launcher;

import io.leadpulse.jobs.DetectionJob;
import io.leadpulse.jobs.DetectionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detection job on an in-process Flink mini cluster with checkpointing on. Checkpoints are kept when the job
 * is stopped, and the next start resumes from the newest one, so state (and exactly-once) survive a restart.
 */
public final class FlinkMiniCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkMiniCluster.class);

    private static final String LOOPBACK = "127.0.0.1";

    private final JobClient job;

    private FlinkMiniCluster(JobClient job) {
        this.job = job;
    }

    /** Where the job keeps its keyed state ({@code LP_STATE_BACKEND}). */
    public enum StateBackend {
        /** Objects on the JVM heap: the fastest per event; every checkpoint writes the whole state. */
        HASHMAP,
        /** RocksDB on local disk: state beyond the heap, checkpoints write only what changed (incremental). */
        ROCKSDB
    }

    public static FlinkMiniCluster start(DetectionSettings settings, Path checkpointDir) {
        return start(settings, KeyedStateSettings.of(StateBackend.HASHMAP), checkpointDir);
    }

    public static FlinkMiniCluster start(DetectionSettings settings, KeyedStateSettings state, Path checkpointDir) {
        return start(settings, state, checkpointDir, 0);
    }

    /**
     * @param restPort where Flink's REST API answers on the loopback interface ({@code LP_FLINK_REST_PORT}; 0: a free
     *                 port, not announced)
     */
    public static FlinkMiniCluster start(DetectionSettings settings, KeyedStateSettings state, Path checkpointDir,
                                         int restPort) {
        StateFormat.checkAndRecord(checkpointDir, state.backend());
        Configuration conf = configuration(settings, state, checkpointDir);
        conf.set(RestOptions.BIND_PORT, String.valueOf(restPort));
        newestCheckpoint(checkpointDir).ifPresent(checkpoint -> {
            LOG.info("Resuming the detection job from {}", checkpoint);
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
        });

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        DetectionJob.connectedTo(settings).addTo(env);
        try {
            JobClient job = env.executeAsync(DetectionSettings.JOB_NAME);
            LOG.info("Detection job {} submitted to the mini cluster", job.getJobID());
            if (restPort != 0) {
                LOG.info("Flink's REST API (the job, its checkpoints, back pressure, watermarks) on http://{}:{}/jobs/{}",
                        LOOPBACK, restPort, job.getJobID());
            }
            return new FlinkMiniCluster(job);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the detection job: " + e.getMessage(), e);
        }
    }

    /** The mini cluster's settings (state backend, checkpoints, restarts, slots), which the benchmarks run with too. */
    public static Configuration configuration(DetectionSettings settings, Path checkpointDir) {
        return configuration(settings, KeyedStateSettings.of(StateBackend.HASHMAP), checkpointDir);
    }

    /** The same with the given keyed state; RocksDB checkpoints incrementally. */
    public static Configuration configuration(DetectionSettings settings, KeyedStateSettings state, Path checkpointDir) {
        Configuration conf = new Configuration();
        state.applyTo(conf, checkpointDir.resolveSibling("rocksdb"));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
        // Flink's REST API can cancel the job and its blob server takes uploads, neither with a password: both listen
        // on the loopback interface only (Flink's default is every interface).
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        return conf;
    }

    public boolean isRunning() {
        try {
            return job.getJobStatus().get(2, TimeUnit.SECONDS) == JobStatus.RUNNING;
        } catch (Exception e) {
            return false;
        }
    }

    /** Cancels the job; its newest checkpoint stays for the next start. */
    @Override
    public void close() {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
            LOG.info("Detection job stopped");
        } catch (Exception e) {
            LOG.warn("The detection job did not stop cleanly: {}", e.toString());
        }
    }

    /** The newest completed checkpoint under the directory ({@code <job id>/chk-<n>/_metadata}), if any. */
    static Optional<Path> newestCheckpoint(Path checkpointDir) {
        if (!Files.isDirectory(checkpointDir)) {
            return Optional.empty();
        }
        try (Stream<Path> metadata = Files.find(checkpointDir, 3,
                (path, attrs) -> path.getFileName().toString().equals("_metadata")
                        && path.getParent().getFileName().toString().startsWith("chk-"))) {
            return metadata.max(Comparator.comparing(FlinkMiniCluster::modified)).map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for checkpoints in " + checkpointDir, e);
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
