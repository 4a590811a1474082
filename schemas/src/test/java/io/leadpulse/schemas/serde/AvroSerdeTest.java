package io.leadpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.LinkCreated;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:30:00.123Z");

    @Test
    void roundTripsARecordWithItsLogicalTypesAndOptionalFields() {
        AvroSerde<Click> serde = AvroSerde.of(Click.class);
        Click click = click();

        assertThat(serde.deserialize(serde.serialize(click))).isEqualTo(click);
    }

    @Test
    void everyMessageCarriesTheSingleObjectHeaderAndTheWriterSchemaFingerprint() {
        byte[] bytes = AvroSerde.of(Click.class).serialize(click());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(Click.getClassSchema()));
    }

    @Test
    void readsDataWrittenWithAnOlderReleasedSchema() {
        // An older writer that did not know the optional fields added later.
        Schema older = new Schema.Parser().parse("""
                {"type": "record", "name": "LinkCreated", "namespace": "io.leadpulse.schemas.v1", "fields": [
                  {"name": "code", "type": "string"}, {"name": "repId", "type": "string"},
                  {"name": "teamId", "type": "string"}, {"name": "targetUrl", "type": "string"},
                  {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");
        GenericRecord old = new GenericData.Record(older);
        old.put("code", "7fQk2c");
        old.put("repId", "r7");
        old.put("teamId", "t1");
        old.put("targetUrl", "https://example.com/outline");
        old.put("createdAt", T0.toEpochMilli());
        byte[] bytes = encode(older, old);

        AvroSerde<LinkCreated> serde = AvroSerde.withReleasedSchemas(LinkCreated.class, List.of(older));
        LinkCreated read = serde.deserialize(bytes);

        assertThat(read.getCode()).isEqualTo("7fQk2c");
        assertThat(read.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(T0.toEpochMilli()));
        assertThat(read.getLeadId()).isNull();
        assertThat(read.getExpiresAt()).isNull();
    }

    @Test
    void rejectsBytesOfAnotherRecordOrGarbageWithAReason() {
        AvroSerde<Click> clicks = AvroSerde.of(Click.class);
        byte[] alertBytes = AvroSerde.of(Alert.class).serialize(alert());

        assertThatThrownBy(() -> clicks.deserialize(alertBytes))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("not a Click");
        assertThatThrownBy(() -> clicks.deserialize("hello".getBytes()))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> clicks.deserialize(new byte[0]))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> clicks.deserialize(null))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void aForgedLengthIsRejectedBeforeAnythingThatLongIsAllocated() {
        AvroSerde<Click> clicks = AvroSerde.of(Click.class);
        byte[] valid = clicks.serialize(click());
        // After the 10-byte header comes the first field, a string: its length as a zig-zag varint, then its bytes.
        // Claim 1.5 GB (zig-zag 3,000,000,000 = 0x80 0xBC 0xC1 0x96 0x0B) where a few bytes follow.
        byte[] forged = new byte[valid.length + 4];
        System.arraycopy(valid, 0, forged, 0, 10);
        byte[] length = {(byte) 0x80, (byte) 0xBC, (byte) 0xC1, (byte) 0x96, (byte) 0x0B};
        System.arraycopy(length, 0, forged, 10, length.length);
        System.arraycopy(valid, 11, forged, 15, valid.length - 11);
        long heapBefore = usedHeap();

        assertThatThrownBy(() -> clicks.deserialize(forged))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("not a Click");
        assertThat(usedHeap() - heapBefore).isLessThan(100L * 1024 * 1024);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void recognisesItsOwnRecordsByTheirHeaderAlone() {
        AvroSerde<Click> clicks = AvroSerde.of(Click.class);
        AvroSerde<Alert> alerts = AvroSerde.of(Alert.class);
        byte[] alertBytes = alerts.serialize(alert());

        assertThat(alerts.recognises(alertBytes)).isTrue();
        assertThat(clicks.recognises(alertBytes)).isFalse();
        assertThat(clicks.recognises("hello, this is not avro".getBytes())).isFalse();
        assertThat(clicks.recognises(new byte[0])).isFalse();
        assertThat(clicks.recognises(null)).isFalse();
    }

    @Test
    void writesTheSameBytesAsAvrosOwnSingleObjectEncoder() {
        Click allFields = Click.newBuilder(click()).setContentId("outline-v2").setNonCustomerReason("scanner-burst").build();
        Click noOptionalFields = Click.newBuilder(click())
                .setLeadId(null).setTitle(null).setUserAgent(null).setVisitorId(null).setNetwork(null).build();
        LinkCreated expiring = LinkCreated.newBuilder()
                .setCode("7fQk2c").setRepId("r7").setTeamId("t1").setTargetUrl("https://example.com/outline")
                .setCreatedAt(T0).setExpiresAt(T0.plusSeconds(86_400)).build();
        LinkCreated forever = LinkCreated.newBuilder(expiring).setExpiresAt(null).setLeadId("L-1").build();
        Map<String, Object> factsOfEveryKind = new HashMap<>(Map.of("deep", true, "visibleSeconds", 92L, "loadPct", 87.5,
                "code", "7fQk2c", "lastCustomerMessages", List.of("a", "b")));
        factsOfEveryKind.put("contentId", null);
        Alert withFactsOfEveryKind = Alert.newBuilder(alert()).setRepId(null).setFacts(factsOfEveryKind).build();

        assertThat(AvroSerde.of(Click.class).serialize(allFields)).isEqualTo(avroEncoded(allFields));
        assertThat(AvroSerde.of(Click.class).serialize(noOptionalFields)).isEqualTo(avroEncoded(noOptionalFields));
        assertThat(AvroSerde.of(Click.class).serialize(click())).isEqualTo(avroEncoded(click()));
        assertThat(AvroSerde.of(LinkCreated.class).serialize(expiring)).isEqualTo(avroEncoded(expiring));
        assertThat(AvroSerde.of(LinkCreated.class).serialize(forever)).isEqualTo(avroEncoded(forever));
        assertThat(AvroSerde.of(Alert.class).serialize(withFactsOfEveryKind)).isEqualTo(avroEncoded(withFactsOfEveryKind));
    }

    @Test
    void aRecordThatCannotBeWrittenLeavesNothingBehindInTheNextMessage() {
        AvroSerde<Click> serde = AvroSerde.of(Click.class);
        Click unwritable = click();
        unwritable.setMethod(null); // required; the builder would refuse it, a setter does not

        assertThatThrownBy(() -> serde.serialize(unwritable)).isInstanceOf(RuntimeException.class);
        assertThat(serde.serialize(click())).isEqualTo(avroEncoded(click()));
    }

    @Test
    void aMessageLargerThanTheBufferIsWrittenWhole() {
        Click large = Click.newBuilder(click()).setTitle("t".repeat(200_000)).build();
        AvroSerde<Click> serde = AvroSerde.of(Click.class);

        assertThat(serde.serialize(large)).isEqualTo(avroEncoded(large));
        assertThat(serde.serialize(click())).isEqualTo(avroEncoded(click()));
    }

    private static <T extends SpecificRecord> byte[] avroEncoded(T record) {
        try {
            SpecificData model = SpecificData.getForClass(record.getClass());
            ByteBuffer buffer = new BinaryMessageEncoder<T>(model, record.getSchema()).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        AvroSerde<Alert> serde = AvroSerde.of(Alert.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(serde);
        }
        @SuppressWarnings("unchecked")
        AvroSerde<Alert> copy = (AvroSerde<Alert>) new ObjectInputStream(new ByteArrayInputStream(out.toByteArray())).readObject();

        assertThat(copy.deserialize(serde.serialize(alert()))).isEqualTo(alert());
    }

    private static byte[] encode(Schema schema, GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Click click() {
        return Click.newBuilder()
                .setClickId("c1").setCode("7fQk2c").setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setContentId(null).setTitle("Course outline")
                .setOccurredAt(T0).setLinkCreatedAt(T0.minusSeconds(60)).setMethod("GET")
                .setUserAgent("Mozilla/5.0").setVisitorId("v1").setNetwork("203.0.113.0/24")
                .setNonCustomerReason(null)
                .build();
    }

    static Alert alert() {
        return Alert.newBuilder()
                .setId("a-1").setType("lead.deep_read").setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setOccurredAt(T0).setDetectedAt(T0.plusMillis(120)).setMessage("L-1 has read 'Course outline' for 92 s")
                .setFacts(Map.of("visibleSeconds", 92L, "code", "7fQk2c", "lastCustomerMessages", List.of("a", "b")))
                .build();
    }
}
