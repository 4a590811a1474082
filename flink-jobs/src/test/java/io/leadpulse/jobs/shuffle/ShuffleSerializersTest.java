package io.leadpulse.jobs.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadActivitySerializer;
import io.leadpulse.jobs.load.LeadChange;
import io.leadpulse.jobs.load.LeadChangeSerializer;
import io.leadpulse.schemas.v1.Actor;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Records that cross the network arrive as they were sent, every field, whatever their text holds. */
class ShuffleSerializersTest {

    @Test
    void aLeadActivityArrivesWithEveryField() throws IOException {
        LeadActivity sent = activity("crm-88121", "Can you send the PLC interface spec? 能发一下接口说明吗 🙂", Actor.CUSTOMER);
        sent.code = "7fQk2c";
        sent.title = "Course outline";

        LeadActivity received = roundTrip(LeadActivitySerializer.INSTANCE, sent);

        assertThat(received).isNotSameAs(sent).usingRecursiveComparison().isEqualTo(sent);
    }

    @Test
    void aLeadActivityWithoutItsOptionalFieldsArrivesWithoutThem() throws IOException {
        LeadActivity sent = activity(null, null, null);
        sent.teamId = null;
        sent.repId = null;

        assertThat(roundTrip(LeadActivitySerializer.INSTANCE, sent)).usingRecursiveComparison().isEqualTo(sent);
    }

    @Test
    void aTextLongerThanWhatJavasModifiedUtf8CanHoldArrivesWhole() throws IOException {
        LeadActivity sent = activity("long", "ü".repeat(70_000) + "end", Actor.CUSTOMER);

        assertThat(roundTrip(LeadActivitySerializer.INSTANCE, sent).text).isEqualTo(sent.text);
    }

    @Test
    void anEmptyTextIsNotNull() throws IOException {
        LeadActivity sent = activity("", "", Actor.REP);

        LeadActivity received = roundTrip(LeadActivitySerializer.INSTANCE, sent);

        assertThat(received.id).isEmpty();
        assertThat(received.text).isEmpty();
    }

    @Test
    void aLeadChangeArrivesWithEveryField() throws IOException {
        for (LeadChange.Kind kind : LeadChange.Kind.values()) {
            LeadChange sent = new LeadChange("r7", "t1", "L-1", kind, 1_796_522_535_044L);

            assertThat(roundTrip(LeadChangeSerializer.INSTANCE, sent)).usingRecursiveComparison().isEqualTo(sent);
        }
    }

    @Test
    void recordsWrittenOneAfterAnotherAreReadOneAfterAnother() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        LeadChange first = new LeadChange("r1", "t1", "L-1", LeadChange.Kind.ASSIGNED, 1L);
        LeadChange second = new LeadChange(null, null, "L-2", null, -5L);
        LeadChangeSerializer.INSTANCE.serialize(first, out);
        LeadChangeSerializer.INSTANCE.serialize(second, out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        assertThat(LeadChangeSerializer.INSTANCE.deserialize(in)).usingRecursiveComparison().isEqualTo(first);
        assertThat(LeadChangeSerializer.INSTANCE.deserialize(in)).usingRecursiveComparison().isEqualTo(second);
        assertThat(in.available()).isZero();
    }

    @Test
    void aCopyIsAnotherObjectWithTheSameFields() {
        LeadActivity original = activity("a", "b", Actor.SYSTEM);

        assertThat(LeadActivitySerializer.INSTANCE.copy(original)).isNotSameAs(original).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void aRecordCopiedFromOneBufferToAnotherReadsTheSame() throws IOException {
        LeadActivity sent = activity("crm-1", "Any news?", Actor.CUSTOMER);
        DataOutputSerializer first = new DataOutputSerializer(16);
        LeadActivitySerializer.INSTANCE.serialize(sent, first);
        DataOutputSerializer second = new DataOutputSerializer(16);

        LeadActivitySerializer.INSTANCE.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);

        assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
    }

    @Test
    void aSerializerRestoredFromItsSnapshotIsTheSameButNoEarlierFormatIsTakenAsCompatible() {
        TypeSerializerSnapshot<LeadChange> snapshot = LeadChangeSerializer.INSTANCE.snapshotConfiguration();

        assertThat(snapshot.restoreSerializer()).isEqualTo(LeadChangeSerializer.INSTANCE);
        assertThat(snapshot.resolveSchemaCompatibility(new LeadChangeSerializer.Snapshot()).isIncompatible()).isTrue();
    }

    @Test
    void aTextLengthThatRunsPastFiveBytesIsRefused() {
        byte[] corrupt = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};

        assertThatThrownBy(() -> Utf8Text.read(new DataInputDeserializer(corrupt))).isInstanceOf(IOException.class)
                .hasMessageContaining("five bytes");
    }

    @Test
    void aLoneSurrogateArrivesAsTheQuestionMarkTheJdkMakesOfIt() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        Utf8Text.write("a\uD800b", out);

        assertThat(Utf8Text.read(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo("a?b");
    }

    private static LeadActivity activity(String id, String text, Actor actor) {
        LeadActivity activity = new LeadActivity();
        activity.id = id;
        activity.type = "activity.message";
        activity.teamId = "t1";
        activity.leadId = "L-1";
        activity.repId = "r7";
        activity.actor = actor;
        activity.occurredAtMillis = 1_796_522_535_044L;
        activity.text = text;
        return activity;
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T record) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(record, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T read = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left after the record").isZero();
        return read;
    }
}
