package io.leadpulse.jobs;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.util.ParameterTool;

/**
 * How the detection job connects and what it assumes where a team has no rules of its own.
 *
 * @param kafkaBootstrap        the Kafka cluster
 * @param redisUrl              {@code redis://[:password@]host:port[/db]}
 * @param duplicateClickWindow  repeats by the same visitor within this window are not counted again
 * @param checkpointInterval    how often state is checkpointed and {@code lp.alerts} transactions committed
 */
public record DetectionSettings(String kafkaBootstrap, String redisUrl, Duration duplicateClickWindow,
                                Duration checkpointInterval) {
    public static final String JOB_NAME = "leadpulse-detection";
    public static final Duration DEFAULT_DUPLICATE_CLICK_WINDOW = Duration.ofMinutes(30);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    public DetectionSettings(String kafkaBootstrap, String redisUrl) {
        this(kafkaBootstrap, redisUrl, DEFAULT_DUPLICATE_CLICK_WINDOW, DEFAULT_CHECKPOINT_INTERVAL);
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
