package io.leadpulse.jobs.kafka;

import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.Alert;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes an alert to {@code lp.alerts}: key = leadId, or repId for {@code rep.*} alerts (contract section 6). */
public final class AlertSerializer implements KafkaRecordSerializationSchema<Alert> {
    private final AvroSerde<Alert> serde = AvroSerde.of(Alert.class);

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(Topics.ALERTS, null, alert.getDetectedAt().toEpochMilli(),
                key(alert).getBytes(StandardCharsets.UTF_8), serde.serialize(alert));
    }

    static String key(Alert alert) {
        if (alert.getType().startsWith("rep.") || alert.getLeadId() == null) {
            return alert.getRepId() != null ? alert.getRepId() : alert.getTeamId();
        }
        return alert.getLeadId();
    }
}
