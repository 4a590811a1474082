package io.leadpulse.jobs.decode;

import io.leadpulse.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter to {@code lp.dead-letters}: the original key and bytes untouched, the reason and where the
 * record came from in the headers {@code lp.reason} and {@code lp.origin}.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    public static final String REASON_HEADER = "lp.reason";
    public static final String ORIGIN_HEADER = "lp.origin";

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        List<Header> headers = List.of(
                new RecordHeader(REASON_HEADER, String.valueOf(letter.reason).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(ORIGIN_HEADER, letter.origin.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(Topics.DEAD_LETTERS, null, null, letter.key, letter.value, headers);
    }
}
