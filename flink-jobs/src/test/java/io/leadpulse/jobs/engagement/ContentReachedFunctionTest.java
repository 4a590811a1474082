package io.leadpulse.jobs.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.jobs.state.StableHash;
import io.leadpulse.jobs.testing.DetectorHarness;
import io.leadpulse.jobs.testing.Teams;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContentReachedFunctionTest {
    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0";

    private DetectorHarness<Click, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new DetectorHarness<>(ContentReachedFunction::new, ContentReached::linkOf);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aCustomersClickIsReachedWithAStableIdAndTheClicksFacts() throws Exception {
        harness.setProcessingTime(T0.plusMillis(40));
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
        assertThat(harness.eventTimeTimers()).isZero();
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
        harness.advanceTo(T0.plus(WINDOW));
        assertThat(harness.eventTimeTimers()).isZero();
        assertThat(harness.keyedStateEntries()).isZero();

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
        harness.restart();
        process(click("c-2", "v1", T0.plusSeconds(10), "GET", null));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void theTeamsOwnRepeatWindowAppliesFromItsNextClick() throws Exception {
        harness.rules(Teams.rules("t1", T0).setDuplicateClickWindowSeconds(60).build());
        process(click("c-1", "v1", T0, "GET", null));
        process(click("c-2", "v1", T0.plusSeconds(59), "GET", null));
        process(click("c-3", "v1", T0.plusSeconds(61), "GET", null));

        assertThat(alerts()).extracting(a -> a.getFacts().get("clickId")).containsExactly("c-1", "c-3");
    }

    @Test
    void theVisitorsOfALinkShareItsSweepsSoAThousandNewVisitorsInAMinuteLeaveOneTimer() throws Exception {
        for (int i = 0; i < 1000; i++) {
            process(click("c-" + i, "v" + i, T0.plusSeconds(1).plusMillis(i), "GET", null));
        }
        assertThat(alerts()).hasSize(1000);
        assertThat(harness.eventTimeTimers()).isEqualTo(1);

        harness.advanceTo(T0.plus(WINDOW).plusSeconds(60));
        assertThat(harness.eventTimeTimers()).isZero();
        assertThat(harness.keyedStateEntries()).isZero();
    }

    @Test
    void aVisitorIsForgottenOnceEventTimeIsPastTheirWindowEvenBeforeTheSweepComes() throws Exception {
        harness.rules(Teams.rules("t1", T0).setDuplicateClickWindowSeconds(60).build());
        process(click("c-1", "v1", T0.plusSeconds(1), "GET", null));
        harness.advanceTo(T0.plusSeconds(90)); // the window ended at 61 s; the sweep is at 120 s
        assertThat(harness.keyedStateEntries()).as("the visitor and the link's pending sweep").isEqualTo(2);

        // Read now, a click from within the old window counts, as it did when a timer at the window's end forgot it.
        process(click("c-2", "v1", T0.plusSeconds(30), "GET", null));

        assertThat(alerts()).extracting(a -> a.getFacts().get("clickId")).containsExactly("c-1", "c-2");
    }

    @Test
    void aLateClickWhoseSweepHasAlreadyComeIsSweptAllTheSame() throws Exception {
        harness.rules(Teams.rules("t1", T0).setDuplicateClickWindowSeconds(60).build());
        process(click("c-1", "v1", T0.plusSeconds(1), "GET", null));
        harness.advanceTo(T0.plusSeconds(120)); // the link's sweep for windows ending in its second minute
        assertThat(harness.keyedStateEntries()).isZero();

        process(click("c-2", "v2", T0.plusSeconds(30), "GET", null)); // late: its window ended at 90 s, same sweep

        harness.advanceTo(T0.plusSeconds(3600));
        assertThat(alerts()).extracting(a -> a.getFacts().get("clickId")).containsExactly("c-1", "c-2");
        assertThat(harness.keyedStateEntries()).isZero();
        assertThat(harness.eventTimeTimers()).isZero();
    }

    @Test
    void aLongerWindowAppliesToVisitorsAlreadyRememberedAndTheyAreSweptAtItsEnd() throws Exception {
        harness.rules(Teams.rules("t1", T0).setDuplicateClickWindowSeconds(60).build());
        process(click("c-1", "v1", T0, "GET", null));
        harness.rules(Teams.rules("t1", T0.plusSeconds(10)).setDuplicateClickWindowSeconds(600).build());
        harness.advanceTo(T0.plusSeconds(60)); // the sweep set for the old window keeps the visitor, for the new one

        process(click("c-2", "v1", T0.plusSeconds(300), "GET", null));
        assertThat(alerts()).extracting(a -> a.getFacts().get("clickId")).containsExactly("c-1");

        harness.advanceTo(T0.plusSeconds(600));
        assertThat(harness.keyedStateEntries()).isZero();
        assertThat(harness.eventTimeTimers()).isZero();
    }

    @Test
    void clicksWithoutAVisitorStandAloneButTheSameClickTwiceIsARepeat() throws Exception {
        process(click("c-1", null, T0, "GET", null));
        process(click("c-2", null, T0.plusSeconds(1), "GET", null));
        process(click("c-1", null, T0, "GET", null));

        assertThat(alerts()).extracting(a -> a.getFacts().get("clickId")).containsExactly("c-1", "c-2");
    }

    @Test
    void aVisitorIsRememberedByANumberThatEveryReleaseComputesAlike() {
        // FNV-1a 64 then MurmurHash3's fmix64, computed outside the JVM: checkpoints keep these numbers
        assertThat(StableHash.of("v1")).isEqualTo(1669639733781746448L);
        assertThat(StableHash.of("3q2-Lx9TzQ0k8RnW1bYc4A")).isEqualTo(-8571691028620733457L);
        assertThat(ContentReached.visitorKeyOf(click("c-1", "v1", T0, "GET", null)))
                .isEqualTo(ContentReached.visitorKeyOf(click("c-2", "v1", T0, "GET", null)));
        assertThat(ContentReached.visitorKeyOf(click("c-1", null, T0, "GET", null))).isEqualTo(StableHash.of("c-1"));
    }

    @Test
    void aMillionVisitorsWhoseIdsDifferByOneCharacterGetAMillionNumbers() {
        Set<Long> keys = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            keys.add(StableHash.of("v" + i));
        }

        assertThat(keys).hasSize(1_000_000);
    }

    @Test
    void aLinkKeyGivesItsTeamBackEvenWhenTheTeamIdHasASlash() {
        Click click = Click.newBuilder(click("c-1", "v1", T0, "GET", null)).setTeamId("emea/sales").build();

        assertThat(ContentReached.teamOfLink(ContentReached.linkOf(click))).isEqualTo("emea/sales");
    }

    private void process(Click click) throws Exception {
        harness.process(click, click.getOccurredAt());
    }

    private List<Alert> alerts() {
        return harness.output();
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
