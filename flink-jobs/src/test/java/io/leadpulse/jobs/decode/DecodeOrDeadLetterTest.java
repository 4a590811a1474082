package io.leadpulse.jobs.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadEventDecoder;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.ActivityEvent;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.LeadEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodeOrDeadLetterTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:30:00Z");
    private static final byte[] KEY = "L-1".getBytes(StandardCharsets.UTF_8);

    /** lp.events, read by the decoder of lead events and activities. */
    private OneInputStreamOperatorTestHarness<RawRecord, LeadActivity> events;
    /** lp.clicks, read by the Avro decoder DetectionJob uses (also for beacons and rules). */
    private OneInputStreamOperatorTestHarness<RawRecord, Click> clicks;

    @BeforeEach
    void open() throws Exception {
        events = ProcessFunctionTestHarnesses.forProcessFunction(new DecodeOrDeadLetter<>(new LeadEventDecoder()));
        clicks = ProcessFunctionTestHarnesses.forProcessFunction(new DecodeOrDeadLetter<>(Decoder.avro(Click.class)));
    }

    @AfterEach
    void close() throws Exception {
        events.close();
        clicks.close();
    }

    @Test
    void aLeadEventBecomesALeadActivity() throws Exception {
        read(events, "lp.events", 0, 7, leadEvent("L-1"));

        assertThat(events.extractOutputValues()).singleElement().satisfies(activity -> {
            assertThat(activity.id).isEqualTo("e-1");
            assertThat(activity.type).isEqualTo("lead.assigned");
            assertThat(activity.teamId).isEqualTo("t1");
            assertThat(activity.leadId).isEqualTo("L-1");
            assertThat(activity.repId).isEqualTo("r7");
            assertThat(activity.actor).isEqualTo(Actor.SYSTEM);
            assertThat(activity.occurredAtMillis).isEqualTo(T0.toEpochMilli());
            assertThat(activity.text).isNull();
        });
        assertThat(deadLetters(events)).isEmpty();
    }

    @Test
    void anActivityEventBecomesALeadActivityWithItsText() throws Exception {
        read(events, "lp.events", 0, 8, activityEvent("L-1"));

        assertThat(events.extractOutputValues()).singleElement().satisfies(activity -> {
            assertThat(activity.id).isEqualTo("e-2");
            assertThat(activity.type).isEqualTo("activity.message");
            assertThat(activity.leadId).isEqualTo("L-1");
            assertThat(activity.actor).isEqualTo(Actor.CUSTOMER);
            assertThat(activity.occurredAtMillis).isEqualTo(T0.plusSeconds(60).toEpochMilli());
            assertThat(activity.text).isEqualTo("Is there a discount for teams?");
        });
    }

    @Test
    void garbageIsADeadLetterAndTheNextRecordStillFlows() throws Exception {
        assertDeadLetteredThenNextFlows("not avro at all".getBytes(StandardCharsets.UTF_8), "neither a LeadEvent nor an ActivityEvent");
    }

    @Test
    void anEmptyValueIsADeadLetterAndTheNextRecordStillFlows() throws Exception {
        assertDeadLetteredThenNextFlows(new byte[0], "neither a LeadEvent nor an ActivityEvent");
    }

    @Test
    void aNullValueIsADeadLetterAndTheNextRecordStillFlows() throws Exception {
        assertDeadLetteredThenNextFlows(null, "neither a LeadEvent nor an ActivityEvent");
    }

    @Test
    void aClickOnTheEventsTopicIsADeadLetterAndTheNextRecordStillFlows() throws Exception {
        assertDeadLetteredThenNextFlows(AvroSerde.of(Click.class).serialize(click()), "neither a LeadEvent nor an ActivityEvent");
    }

    @Test
    void aTruncatedLeadEventIsADeadLetterAndTheNextRecordStillFlows() throws Exception {
        byte[] whole = leadEvent("L-1");
        assertDeadLetteredThenNextFlows(Arrays.copyOf(whole, whole.length - 8), "not a LeadEvent");
    }

    @Test
    void aLeadEventClaimingMoreBytesThanItHasIsADeadLetterAndTheNextRecordStillFlows() throws Exception {
        byte[] header = Arrays.copyOf(leadEvent("L-1"), 10);
        byte[] forged = Arrays.copyOf(header, 15);
        // the id's length, zigzag varint of 50 MB, and no bytes after it
        long zigzag = 50_000_000L << 1;
        for (int i = 10; i < 15; i++, zigzag >>>= 7) {
            forged[i] = (byte) (zigzag > 0x7f ? (zigzag & 0x7f) | 0x80 : zigzag);
        }
        assertDeadLetteredThenNextFlows(forged, "not a LeadEvent");
    }

    @Test
    void anEventWithoutALeadIsADeadLetterAndTheNextRecordStillFlows() throws Exception {
        assertDeadLetteredThenNextFlows(leadEvent(""), "names no lead");
    }

    @Test
    void anActivityWithoutALeadIsADeadLetter() throws Exception {
        read(events, "lp.events", 1, 3, activityEvent(""));

        assertThat(events.extractOutputValues()).isEmpty();
        assertThat(deadLetters(events)).singleElement().satisfies(letter -> assertThat(letter.reason).contains("names no lead"));
    }

    private void assertDeadLetteredThenNextFlows(byte[] bad, String reason) throws Exception {
        read(events, "lp.events", 3, 41, bad);
        read(events, "lp.events", 3, 42, leadEvent("L-2"));

        assertThat(deadLetters(events)).singleElement().satisfies(letter -> {
            assertThat(letter.reason).contains(reason);
            assertThat(letter.origin).isEqualTo("lp.events-3@41");
            assertThat(letter.key).isEqualTo(KEY);
            assertThat(letter.value).isEqualTo(bad);
        });
        assertThat(events.extractOutputValues()).extracting(activity -> activity.leadId).containsExactly("L-2");
    }

    @Test
    void aClickIsDecodedAsItWasWritten() throws Exception {
        read(clicks, "lp.clicks", 2, 5, AvroSerde.of(Click.class).serialize(click()));

        assertThat(clicks.extractOutputValues()).containsExactly(click());
        assertThat(deadLetters(clicks)).isEmpty();
    }

    @Test
    void anotherRecordTypeGarbageAnEmptyAndANullValueAreDeadLettersAndGoodRecordsStillFlow() throws Exception {
        byte[] leadEvent = leadEvent("L-1");
        byte[] garbage = "{\"clickId\": \"c-1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] good = AvroSerde.of(Click.class).serialize(click());
        read(clicks, "lp.clicks", 2, 10, leadEvent);
        read(clicks, "lp.clicks", 2, 11, good);
        read(clicks, "lp.clicks", 2, 12, garbage);
        read(clicks, "lp.clicks", 2, 13, new byte[0]);
        read(clicks, "lp.clicks", 2, 14, null);
        read(clicks, "lp.clicks", 2, 15, good);

        assertThat(deadLetters(clicks)).extracting(letter -> letter.origin)
                .containsExactly("lp.clicks-2@10", "lp.clicks-2@12", "lp.clicks-2@13", "lp.clicks-2@14");
        assertThat(deadLetters(clicks)).extracting(letter -> letter.value)
                .containsExactly(leadEvent, garbage, new byte[0], null);
        assertThat(deadLetters(clicks)).allSatisfy(letter -> assertThat(letter.reason).contains("Click"));
        assertThat(clicks.extractOutputValues()).hasSize(2);
    }

    private static void read(OneInputStreamOperatorTestHarness<RawRecord, ?> harness, String topic, int partition, long offset,
                             byte[] value) throws Exception {
        harness.processElement(new StreamRecord<>(new RawRecord(topic, partition, offset, T0.toEpochMilli(), KEY, value),
                T0.toEpochMilli()));
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<RawRecord, ?> harness) {
        var records = harness.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static byte[] leadEvent(String leadId) {
        return AvroSerde.of(LeadEvent.class).serialize(LeadEvent.newBuilder()
                .setId("e-1").setType("lead.assigned").setTeamId("t1").setLeadId(leadId).setRepId("r7")
                .setActor(Actor.SYSTEM).setOccurredAt(T0).setReceivedAt(T0.plusMillis(300))
                .build());
    }

    private static byte[] activityEvent(String leadId) {
        return AvroSerde.of(ActivityEvent.class).serialize(ActivityEvent.newBuilder()
                .setId("e-2").setType("activity.message").setTeamId("t1").setLeadId(leadId).setRepId("r7")
                .setActor(Actor.CUSTOMER).setOccurredAt(T0.plusSeconds(60)).setReceivedAt(T0.plusSeconds(61))
                .setText("Is there a discount for teams?")
                .build());
    }

    private static Click click() {
        return Click.newBuilder()
                .setClickId("c-1").setCode("7fQk2cAbCdEf").setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setContentId("outline-v2").setTitle("Course outline").setOccurredAt(T0).setLinkCreatedAt(T0.minusSeconds(3600))
                .setMethod("GET").setUserAgent("Mozilla/5.0").setVisitorId("v1").setNetwork("203.0.113.0/24")
                .setNonCustomerReason(null)
                .build();
    }
}
