package io.leadpulse.jobs.kafka;

import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka source and sink, configured for exactly-once processing. */
public final class KafkaConnections {
    /** Below a stock broker's 15 min transaction.max.timeout.ms, above any checkpoint plus recovery. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private KafkaConnections() {
    }

    /** Clicks, from the group's committed offsets (from the beginning on the very first start). */
    public static KafkaSource<Click> clicks(String bootstrapServers) {
        return KafkaSource.<Click>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(Topics.CLICKS)
                .setGroupId("leadpulse-detection")
                .setClientIdPrefix("leadpulse-detection-clicks")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ClickDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /** {@code lp.alerts}, written in Kafka transactions committed with each checkpoint: exactly once per alert. */
    public static KafkaSink<Alert> alerts(String bootstrapServers) {
        return KafkaSink.<Alert>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new AlertSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("leadpulse-alerts")
                .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .build();
    }
}
