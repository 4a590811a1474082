package io.leadpulse.jobs.dwell;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.jobs.testing.DetectorHarness;
import io.leadpulse.jobs.testing.Teams;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.DwellBeacon;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeepReadFunctionTest {
    private static final Duration READING_SESSION = Duration.ofHours(12);
    private static final Duration IDEMPOTENCY = Duration.ofDays(7);
    private static final Instant T0 = Instant.parse("2026-11-22T09:30:00Z");

    private DetectorHarness<DwellBeacon, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new DetectorHarness<>(() -> new DeepReadFunction(READING_SESSION, IDEMPOTENCY), DwellBeacon::getClickId);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void visibleTimeReachingTheTeamsDeepReadAlertsOnceWithTheReadsFacts() throws Exception {
        harness.setProcessingTime(T0.plusSeconds(45).plusMillis(120));
        beacon(1, 30_000, T0.plusSeconds(15));
        beacon(2, 30_000, T0.plusSeconds(30));
        assertThat(alerts()).isEmpty();

        beacon(3, 32_000, T0.plusSeconds(45));
        beacon(4, 15_000, T0.plusSeconds(60));

        assertThat(alerts()).hasSize(1);
        Alert alert = alerts().get(0);
        assertThat(alert.getId()).isEqualTo(AlertIds.of("lead.deep_read", "c-1"));
        assertThat(alert.getType()).isEqualTo("lead.deep_read");
        assertThat(alert.getTeamId()).isEqualTo("t1");
        assertThat(alert.getRepId()).isEqualTo("r7");
        assertThat(alert.getLeadId()).isEqualTo("L-1");
        assertThat(alert.getOccurredAt()).isEqualTo(T0.plusSeconds(45));
        assertThat(alert.getDetectedAt()).isEqualTo(T0.plusSeconds(45).plusMillis(120));
        assertThat(alert.getMessage()).isEqualTo("L-1 has read 'Course outline' for 92 s");
        assertThat(alert.getFacts())
                .containsEntry("visibleSeconds", 92L)
                .containsEntry("code", "7fQk2cAbCdEf")
                .containsEntry("contentId", "outline-v2")
                .containsEntry("title", "Course outline");
    }

    @Test
    void exactlyTheDeepReadTimeIsADeepReadAndJustBelowIsNot() throws Exception {
        beacon(1, 60_000, T0);
        beacon(2, 29_999, T0.plusSeconds(30));
        assertThat(alerts()).isEmpty();

        beacon(3, 1, T0.plusSeconds(31));
        assertThat(alerts()).extracting(a -> a.getFacts().get("visibleSeconds")).containsExactly(90L);
    }

    @Test
    void aRepeatedSequenceOfTheClickCountsOnce() throws Exception {
        beacon(1, 60_000, T0);
        beacon(1, 60_000, T0.plusSeconds(1));
        beacon(2, 20_000, T0.plusSeconds(20));
        assertThat(alerts()).as("80 s read, however often beacon 1 came").isEmpty();

        beacon(3, 10_000, T0.plusSeconds(30));
        assertThat(alerts()).extracting(a -> a.getFacts().get("visibleSeconds")).containsExactly(90L);
    }

    @Test
    void oneBeaconAddsAtMostTwoMinutes() throws Exception {
        harness.rules(Teams.rules("t1", T0).setDeepReadSeconds(121).build());
        beacon(1, Duration.ofMinutes(10).toMillis(), T0);
        assertThat(alerts()).isEmpty();

        beacon(2, 1_000, T0.plusSeconds(15));
        assertThat(alerts()).extracting(a -> a.getFacts().get("visibleSeconds")).containsExactly(121L);
    }

    @Test
    void aRuleLoweredMidReadFiresAtTheNextBeacon() throws Exception {
        beacon(1, 60_000, T0);
        harness.rules(Teams.rules("t1", T0.plusSeconds(10)).setDeepReadSeconds(30).build());
        assertThat(alerts()).isEmpty();

        beacon(2, 5_000, T0.plusSeconds(15));
        assertThat(alerts()).extracting(Alert::getMessage).containsExactly("L-1 has read 'Course outline' for 65 s");
    }

    @Test
    void anotherTeamsRuleDoesNotApply() throws Exception {
        harness.rules(Teams.rules("t2", T0).setDeepReadSeconds(10).build());
        beacon(1, 60_000, T0);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void theClicksStateAndTimerAreReleasedAfterTheReadingSession() throws Exception {
        beacon(1, 60_000, T0);
        beacon(2, 40_000, T0.plusSeconds(15));
        assertThat(alerts()).hasSize(1);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);
        assertThat(harness.keyedStateEntries()).isPositive();

        harness.advanceTo(T0.plus(READING_SESSION).minusMillis(1));
        assertThat(harness.keyedStateEntries()).isPositive();

        harness.advanceTo(T0.plus(READING_SESSION));
        assertThat(harness.keyedStateEntries()).as("only that the click was reported").isEqualTo(1);

        harness.advanceTo(T0.plus(READING_SESSION).plus(IDEMPOTENCY));
        assertThat(harness.eventTimeTimers()).isZero();
        assertThat(harness.keyedStateEntries()).isZero();
    }

    @Test
    void aReportedClickIgnoresTheBeaconsOfTheRestOfItsReadingAndKeepsNoCounts() throws Exception {
        beacon(1, 60_000, T0);
        long counting = harness.checkpointBytes();
        beacon(2, 40_000, T0.plusSeconds(15));
        long reported = harness.checkpointBytes();
        assertThat(reported).as("the counts go with the report").isLessThan(counting);
        for (int sequence = 3; sequence <= 120; sequence++) {
            beacon(sequence, 15_000, T0.plusSeconds(15L * sequence));
        }

        assertThat(alerts()).hasSize(1);
        assertThat(harness.checkpointBytes()).as("no sequence counted after the report").isLessThanOrEqualTo(reported);
        harness.advanceTo(T0.plus(READING_SESSION));
        assertThat(harness.keyedStateEntries()).as("only that the click was reported").isEqualTo(1);
    }

    @Test
    void aLateOrResentBeaconAfterTheSessionDoesNotReportTheClickAgain() throws Exception {
        beacon(1, 60_000, T0);
        beacon(2, 40_000, T0.plusSeconds(15));
        harness.advanceTo(T0.plus(READING_SESSION));

        beacon(2, 40_000, T0.plusSeconds(15));
        beacon(3, 100_000, T0.plus(READING_SESSION).plusSeconds(1));

        assertThat(alerts()).hasSize(1);
    }

    @Test
    void theReadingTimeAndItsCountedBeaconsSurviveARestart() throws Exception {
        beacon(1, 60_000, T0);
        harness.restart();
        assertThat(harness.eventTimeTimers()).isEqualTo(1);

        beacon(1, 60_000, T0.plusSeconds(1));
        assertThat(alerts()).isEmpty();

        beacon(2, 30_000, T0.plusSeconds(30));
        assertThat(alerts()).extracting(a -> a.getFacts().get("visibleSeconds")).containsExactly(90L);

        harness.restart();
        beacon(3, 30_000, T0.plusSeconds(45));
        assertThat(alerts()).as("alerted once per click, also across a restart").isEmpty();
    }

    @Test
    void eachClickIsReadOnItsOwn() throws Exception {
        beacon("c-1", 1, 60_000, T0);
        beacon("c-2", 1, 60_000, T0);

        assertThat(alerts()).isEmpty();
    }

    private void beacon(long sequence, long visibleMillis, Instant at) throws Exception {
        beacon("c-1", sequence, visibleMillis, at);
    }

    private void beacon(String clickId, long sequence, long visibleMillis, Instant at) throws Exception {
        DwellBeacon beacon = DwellBeacon.newBuilder()
                .setClickId(clickId).setCode("7fQk2cAbCdEf").setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setSequence(sequence).setVisibleMillis(visibleMillis).setOccurredAt(at)
                .setContentId("outline-v2").setTitle("Course outline")
                .build();
        harness.process(beacon, at);
    }

    private List<Alert> alerts() {
        return harness.output();
    }
}
