package io.leadpulse.jobs.kafka;

import io.leadpulse.jobs.decode.DeadLetter;
import io.leadpulse.jobs.decode.DeadLetterSerializer;
import io.leadpulse.jobs.decode.RawRecord;
import io.leadpulse.jobs.decode.RawRecordDeserializer;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.Alert;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka sources and sinks, configured for exactly-once processing. */
public final class KafkaConnections {
    /** Below a stock broker's 15 min transaction.max.timeout.ms, above any checkpoint plus recovery. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);
    /** The consumer group the job's sources commit their offsets under (at each checkpoint). */
    public static final String GROUP = "leadpulse-detection";

    private KafkaConnections() {
    }

    public static KafkaSource<RawRecord> clicks(String bootstrapServers) {
        return source(bootstrapServers, Topics.CLICKS);
    }

    public static KafkaSource<RawRecord> beacons(String bootstrapServers) {
        return source(bootstrapServers, Topics.BEACONS);
    }

    public static KafkaSource<RawRecord> events(String bootstrapServers) {
        return source(bootstrapServers, Topics.EVENTS);
    }

    /**
     * Every team's rules, from the first record on a start without a checkpoint: the broadcast state they make lives
     * only in checkpoints, so a fresh start (a new state format, checkpoints moved away) must read them all again
     * rather than resume after what an earlier run committed. The topic is compacted: one record per team.
     */
    public static KafkaSource<RawRecord> rules(String bootstrapServers) {
        return source(bootstrapServers, Topics.RULES, OffsetsInitializer.earliest());
    }

    /**
     * One topic of events, from the offsets in the job's checkpoint, else the group's committed offsets, else the
     * beginning (the very first start reads everything).
     */
    private static KafkaSource<RawRecord> source(String bootstrapServers, String topic) {
        return source(bootstrapServers, topic, OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
    }

    private static KafkaSource<RawRecord> source(String bootstrapServers, String topic, OffsetsInitializer startingOffsets) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(GROUP)
                .setClientIdPrefix(GROUP + "-" + topic)
                .setStartingOffsets(startingOffsets)
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * A topic from its first to its last record at the time of the call, then the end: recorded events for a replay
     * or a benchmark, without touching the live job's committed offsets.
     */
    public static KafkaSource<RawRecord> recorded(String bootstrapServers, String topic) {
        return recorded(bootstrapServers, topic, new RawRecordDeserializer());
    }

    /** The same with a deserializer of the caller's (a benchmark's that notes when the first record came). */
    public static KafkaSource<RawRecord> recorded(String bootstrapServers, String topic,
                                                  KafkaRecordDeserializationSchema<RawRecord> deserializer) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(GROUP + "-replay-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(deserializer)
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /**
     * {@code lp.alerts}, written in Kafka transactions committed with each checkpoint: exactly once per alert. Each
     * writer of the job needs its own {@code transactionalIdPrefix}.
     */
    public static KafkaSink<Alert> alerts(String bootstrapServers, String transactionalIdPrefix) {
        return KafkaSink.<Alert>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new AlertSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .build();
    }

    /** {@code lp.dead-letters}, at least once: a dead letter is for a person to inspect, its origin names it. */
    public static KafkaSink<DeadLetter> deadLetters(String bootstrapServers) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new DeadLetterSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
