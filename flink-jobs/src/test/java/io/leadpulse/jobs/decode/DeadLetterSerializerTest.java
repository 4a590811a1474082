package io.leadpulse.jobs.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {
    private static final byte[] KEY = "L-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {(byte) 0xC3, 0x01, 0x7f, 0x00, 0x42};

    @Test
    void aDeadLetterGoesToTheDeadLetterTopicWithItsOriginalKeyAndValueAndItsReasonAndOriginInHeaders() {
        DeadLetter letter = new DeadLetter(new RawRecord("lp.events", 3, 41, 1_700_000_000_000L, KEY, VALUE), "names no lead");

        ProducerRecord<byte[], byte[]> record = new DeadLetterSerializer().serialize(letter, null, 1_700_000_000_000L);

        assertThat(record.topic()).isEqualTo("lp.dead-letters");
        assertThat(record.key()).isEqualTo(KEY);
        assertThat(record.value()).isEqualTo(VALUE);
        assertThat(header(record, "lp.reason")).isEqualTo("names no lead");
        assertThat(header(record, "lp.origin")).isEqualTo("lp.events-3@41");
        assertThat(record.headers().toArray()).hasSize(2);
    }

    @Test
    void aTombstoneStaysATombstone() {
        DeadLetter letter = new DeadLetter(new RawRecord("lp.clicks", 0, 9, 0L, null, null), "no bytes for a Click");

        ProducerRecord<byte[], byte[]> record = new DeadLetterSerializer().serialize(letter, null, null);

        assertThat(record.key()).isNull();
        assertThat(record.value()).isNull();
        assertThat(header(record, "lp.origin")).isEqualTo("lp.clicks-0@9");
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
