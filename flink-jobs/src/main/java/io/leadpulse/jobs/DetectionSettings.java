package io.leadpulse.jobs;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.util.ParameterTool;

/**
 * How the detection job connects and how it treats time. The thresholds themselves are per team and live (the
 * rules in {@code lp.rules}); these are the job's own, operator-level settings.
 *
 * @param kafkaBootstrap     the Kafka cluster
 * @param redisUrl           {@code redis://[:password@]host:port[/db]}
 * @param checkpointInterval how often state is checkpointed and {@code lp.alerts} transactions committed
 * @param time               event time, lateness and state lifetimes
 */
public record DetectionSettings(String kafkaBootstrap, String redisUrl, Duration checkpointInterval, Timing time) {
    public static final String JOB_NAME = "leadpulse-detection";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    /**
     * @param disorder          how far records may arrive out of order within one partition
     * @param idleAfter         how long a silent partition waits before its event time follows the wall clock
     * @param startupGrace      how long a partition that delivered nothing yet waits before it follows the clock
     * @param lateness          how late an event may arrive and still be matched with another (activation)
     * @param readingSession    how long after its first beacon a click's reading time is kept
     * @param leadStateTtl      a lead or rep without any event for this long is forgotten
     * @param idempotencyWindow how long event ids are remembered, so resent events have no further effect
     */
    public record Timing(Duration disorder, Duration idleAfter, Duration startupGrace, Duration lateness,
                         Duration readingSession, Duration leadStateTtl, Duration idempotencyWindow) {
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(1),
                    Duration.ofHours(12), Duration.ofDays(30), Duration.ofDays(7));
        }
    }

    public DetectionSettings(String kafkaBootstrap, String redisUrl) {
        this(kafkaBootstrap, redisUrl, DEFAULT_CHECKPOINT_INTERVAL, Timing.defaults());
    }

    /** From {@code --kafka-bootstrap}/{@code --redis-url}, else {@code LP_KAFKA_BOOTSTRAP}/{@code LP_REDIS_URL}. */
    static DetectionSettings from(String[] args, Map<String, String> env) {
        ParameterTool params = ParameterTool.fromArgs(args);
        String kafka = params.get("kafka-bootstrap", env.get("LP_KAFKA_BOOTSTRAP"));
        String redis = params.get("redis-url", env.get("LP_REDIS_URL"));
        if (kafka == null || redis == null) {
            throw new IllegalArgumentException("Give --kafka-bootstrap and --redis-url (or LP_KAFKA_BOOTSTRAP and LP_REDIS_URL)");
        }
        return new DetectionSettings(kafka, redis);
    }
}
