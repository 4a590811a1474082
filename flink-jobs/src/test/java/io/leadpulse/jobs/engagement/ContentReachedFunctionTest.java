package io.leadpulse.jobs.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContentReachedFunctionTest {
    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0";

    private KeyedOneInputStreamOperatorTestHarness<String, Click, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aCustomersClickIsReachedWithAStableIdAndTheClicksFacts() throws Exception {
        harness.setProcessingTime(T0.plusMillis(40).toEpochMilli());
        process(click("c-1", "v1", T0, "GET", null));

        List<Alert> alerts = alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getId()).isEqualTo(AlertIds.of("content.reached", "c-1"));
        assertThat(alert.getType()).isEqualTo("content.reached");
        assertThat(alert.getTeamId()).isEqualTo("t1");
        assertThat(alert.getRepId()).isEqualTo("r7");
        assertThat(alert.getLeadId()).isEqualTo("L-1");
        assertThat(alert.getOccurredAt()).isEqualTo(T0);
        assertThat(alert.getDetectedAt()).isEqualTo(T0.plusMillis(40));
        assertThat(alert.getMessage()).isEqualTo("L-1 opened 'Course outline'");
        assertThat(alert.getFacts()).containsEntry("code", "7fQk2cAbCdEf").containsEntry("clickId", "c-1");
    }

    @Test
    void headsAndBotsAreNeverReached() throws Exception {
        process(click("c-1", "v1", T0, "HEAD", "head"));
        process(click("c-2", "v1", T0, "GET", "preview-bot"));
        process(click("c-3", "v2", T0, "HEAD", null));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aRepeatBySameVisitorWithinTheWindowIsNotCountedAgain() throws Exception {
        process(click("c-1", "v1", T0, "GET", null));
        process(click("c-2", "v1", T0.plus(WINDOW).minusSeconds(1), "GET", null));
        process(click("c-3", "v2", T0.plusSeconds(5), "GET", null));

        assertThat(alerts()).extracting(a -> a.getFacts().get("clickId")).containsExactly("c-1", "c-3");
    }

    @Test
    void aClickAfterTheWindowCountsAgainAndTheWindowStateIsReleased() throws Exception {
        process(click("c-1", "v1", T0, "GET", null));
        harness.processWatermark(new Watermark(T0.plus(WINDOW).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        process(click("c-2", "v1", T0.plus(WINDOW), "GET", null));

        assertThat(alerts()).extracting(a -> a.getFacts().get("clickId")).containsExactly("c-1", "c-2");
    }

    @Test
    void aLateButOlderClickWithinTheWindowIsStillARepeat() throws Exception {
        process(click("c-2", "v1", T0.plusSeconds(60), "GET", null));
        process(click("c-1", "v1", T0, "GET", null));

        assertThat(alerts()).extracting(a -> a.getFacts().get("clickId")).containsExactly("c-2");
    }

    @Test
    void theRepeatWindowSurvivesARestoreFromASnapshot() throws Exception {
        process(click("c-1", "v1", T0, "GET", null));
        OperatorSubtaskState snapshot = harness.snapshot(1, T0.toEpochMilli());
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        process(click("c-2", "v1", T0.plusSeconds(10), "GET", null));

        assertThat(alerts()).isEmpty();
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Click, Alert> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ContentReachedFunction(WINDOW)), ContentReached::visitorOnLink, Types.STRING);
    }

    private void process(Click click) throws Exception {
        harness.processElement(click, click.getOccurredAt().toEpochMilli());
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    static Click click(String clickId, String visitorId, Instant at, String method, String nonCustomerReason) {
        return Click.newBuilder()
                .setClickId(clickId).setCode("7fQk2cAbCdEf").setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setContentId("outline-v2").setTitle("Course outline").setOccurredAt(at).setLinkCreatedAt(T0.minusSeconds(3600))
                .setMethod(method).setUserAgent(CHROME).setVisitorId(visitorId).setNetwork("203.0.113.0/24")
                .setNonCustomerReason(nonCustomerReason)
                .build();
    }
}
