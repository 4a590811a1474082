package io.leadpulse.jobs.kafka;

import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.serde.InvalidRecordException;
import io.leadpulse.schemas.v1.Click;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads clicks from {@code lp.clicks}; a record that is not a click is counted and skipped, never fatal. */
public final class ClickDeserializer implements KafkaRecordDeserializationSchema<Click> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickDeserializer.class);
    private final AvroSerde<Click> serde = AvroSerde.of(Click.class);
    private transient Counter undecodable;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        undecodable = context.getMetricGroup().counter("lpUndecodableRecords");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Click> out) {
        try {
            out.collect(serde.deserialize(record.value()));
        } catch (InvalidRecordException e) {
            if (undecodable != null) {
                undecodable.inc();
            }
            LOG.warn("Skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<Click> getProducedType() {
        return new AvroTypeInfo<>(Click.class);
    }
}
