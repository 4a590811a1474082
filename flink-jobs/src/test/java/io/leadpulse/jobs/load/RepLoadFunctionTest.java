package io.leadpulse.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.jobs.load.LeadChange.Kind;
import io.leadpulse.jobs.testing.DetectorHarness;
import io.leadpulse.jobs.testing.Teams;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.RepLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepLoadFunctionTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    private DetectorHarness<LeadChange, RepLoad> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new DetectorHarness<>(() -> new RepLoadFunction(), change -> change.repId);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void anAssignedLeadIsOpenAwaitingItsFirstResponseAndAssignedWithinTheDay() throws Exception {
        change(Kind.ASSIGNED, "L-1", T0);

        assertThat(harness.output()).hasSize(1);
        RepLoad load = latest();
        assertThat(load.getRepId()).isEqualTo("r7");
        assertThat(load.getTeamId()).isEqualTo("t1");
        assertThat(load.getOpenLeads()).isEqualTo(1);
        assertThat(load.getAwaitingFirstResponse()).isEqualTo(1);
        assertThat(load.getAssigned24h()).isEqualTo(1);
        assertThat(load.getFollowUps3d()).isZero();
        assertThat(load.getCapacity()).isEqualTo(8);
        assertThat(load.getLoadPct()).isEqualTo(12.5);
        assertThat(load.getUpdatedAt()).isEqualTo(T0);
    }

    @Test
    void aResponseLowersAwaitingButTheLeadStaysOpen() throws Exception {
        change(Kind.ASSIGNED, "L-1", T0);
        change(Kind.ASSIGNED, "L-2", T0.plusSeconds(10));
        change(Kind.RESPONDED, "L-1", T0.plusSeconds(60));

        RepLoad load = latest();
        assertThat(load.getOpenLeads()).isEqualTo(2);
        assertThat(load.getAwaitingFirstResponse()).isEqualTo(1);
        assertThat(load.getLoadPct()).isEqualTo(12.5);
        assertThat(load.getUpdatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aReleasedLeadNoLongerCountsAsOpenOrAwaiting() throws Exception {
        change(Kind.ASSIGNED, "L-1", T0);
        change(Kind.ASSIGNED, "L-2", T0.plusSeconds(10));
        change(Kind.RELEASED, "L-1", T0.plusSeconds(60));

        RepLoad load = latest();
        assertThat(load.getOpenLeads()).isEqualTo(1);
        assertThat(load.getAwaitingFirstResponse()).isEqualTo(1);
        assertThat(load.getAssigned24h()).as("it was still assigned today").isEqualTo(2);
    }

    @Test
    void aFollowUpCountsInFollowUps3d() throws Exception {
        change(Kind.OPENED, "L-1", T0);
        change(Kind.FOLLOWED_UP, "L-1", T0.plusSeconds(60));
        change(Kind.FOLLOWED_UP, "L-1", T0.plusSeconds(120));

        RepLoad load = latest();
        assertThat(load.getFollowUps3d()).isEqualTo(2);
        assertThat(load.getOpenLeads()).isEqualTo(1);
        assertThat(load.getAwaitingFirstResponse()).isZero();
    }

    @Test
    void loadPctIsTheAwaitingLeadsAgainstTheTeamsCapacity() throws Exception {
        harness.rules(Teams.rules("t1", T0).setRepCapacity(4).build());
        change(Kind.ASSIGNED, "L-1", T0);
        change(Kind.ASSIGNED, "L-2", T0.plusSeconds(1));
        change(Kind.ASSIGNED, "L-3", T0.plusSeconds(2));

        RepLoad load = latest();
        assertThat(load.getCapacity()).isEqualTo(4);
        assertThat(load.getLoadPct()).isEqualTo(75.0);
    }

    @Test
    void anAssignmentLeavesAssigned24hADayLaterWithNothingElseHappening() throws Exception {
        change(Kind.ASSIGNED, "L-1", T0);
        harness.advanceTo(T0.plus(Duration.ofHours(24)).minusMillis(1));
        assertThat(harness.output()).hasSize(1);

        harness.advanceTo(T0.plus(Duration.ofHours(24)));

        assertThat(harness.output()).hasSize(2);
        RepLoad load = latest();
        assertThat(load.getAssigned24h()).isZero();
        assertThat(load.getAwaitingFirstResponse()).as("still waiting for an answer").isEqualTo(1);
        assertThat(load.getUpdatedAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(harness.eventTimeTimers()).isZero();
    }

    @Test
    void aFollowUpLeavesFollowUps3dThreeDaysLaterWithNothingElseHappening() throws Exception {
        change(Kind.FOLLOWED_UP, "L-1", T0);
        change(Kind.FOLLOWED_UP, "L-2", T0.plus(Duration.ofDays(1)));
        harness.advanceTo(T0.plus(Duration.ofDays(3)).minusMillis(1));
        assertThat(latest().getFollowUps3d()).isEqualTo(2);

        harness.advanceTo(T0.plus(Duration.ofDays(3)));
        assertThat(latest().getFollowUps3d()).isEqualTo(1);
        assertThat(latest().getUpdatedAt()).isEqualTo(T0.plus(Duration.ofDays(3)));

        harness.advanceTo(T0.plus(Duration.ofDays(4)));
        assertThat(latest().getFollowUps3d()).isZero();
        assertThat(latest().getUpdatedAt()).isEqualTo(T0.plus(Duration.ofDays(4)));
        assertThat(harness.output()).hasSize(4);
    }

    @Test
    void aRepHasOneTimerForItsWindowsHoweverManyFollowUpsAndAssignments() throws Exception {
        change(Kind.ASSIGNED, "L-1", T0);
        change(Kind.FOLLOWED_UP, "L-1", T0.plusSeconds(60));
        change(Kind.ASSIGNED, "L-2", T0.plusSeconds(120));
        change(Kind.FOLLOWED_UP, "L-2", T0.plusSeconds(180));

        assertThat(harness.eventTimeTimers()).isEqualTo(1);

        harness.advanceTo(T0.plus(Duration.ofHours(24)));
        assertThat(latest().getAssigned24h()).isEqualTo(1);
        assertThat(harness.eventTimeTimers()).as("the next to leave: L-2's assignment").isEqualTo(1);
        harness.advanceTo(T0.plus(Duration.ofHours(24)).plusSeconds(120));
        assertThat(latest().getAssigned24h()).isZero();
        assertThat(latest().getFollowUps3d()).isEqualTo(2);
    }

    @Test
    void whatLeavesItsWindowInOneLeapOfEventTimeMakesOneLoadDatedByTheLastToLeave() throws Exception {
        change(Kind.FOLLOWED_UP, "L-1", T0);
        change(Kind.FOLLOWED_UP, "L-2", T0.plus(Duration.ofHours(1)));
        change(Kind.FOLLOWED_UP, "L-3", T0.plus(Duration.ofHours(2)));
        int before = harness.output().size();

        harness.advanceTo(T0.plus(Duration.ofDays(4)));

        assertThat(harness.output()).hasSize(before + 1);
        assertThat(latest().getFollowUps3d()).isZero();
        assertThat(latest().getUpdatedAt()).isEqualTo(T0.plus(Duration.ofHours(2)).plus(Duration.ofDays(3)));
        assertThat(harness.eventTimeTimers()).isZero();
    }

    @Test
    void afterARestartANewFollowUpStillLeavesItsWindow() throws Exception {
        change(Kind.FOLLOWED_UP, "L-1", T0);
        harness.advanceTo(T0.plus(Duration.ofDays(3)));
        harness.restart(); // event time starts again from nothing until the next watermark
        change(Kind.FOLLOWED_UP, "L-2", T0.plus(Duration.ofDays(4)));

        assertThat(harness.eventTimeTimers()).isEqualTo(1);
        harness.advanceTo(T0.plus(Duration.ofDays(7)));
        assertThat(latest().getFollowUps3d()).isZero();
    }

    @Test
    void aLateAssignmentLeavesItsWindowOnTime() throws Exception {
        change(Kind.ASSIGNED, "L-1", T0.plus(Duration.ofHours(10)));
        change(Kind.ASSIGNED, "L-2", T0);

        harness.advanceTo(T0.plus(Duration.ofHours(24)));

        assertThat(latest().getAssigned24h()).as("L-2's day is over, L-1's is not").isEqualTo(1);
        assertThat(latest().getUpdatedAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
        harness.advanceTo(T0.plus(Duration.ofHours(34)));
        assertThat(latest().getAssigned24h()).isZero();
        assertThat(harness.eventTimeTimers()).isZero();
    }

    @Test
    void aLoadIsEmittedOnlyWhenItChanges() throws Exception {
        change(Kind.ASSIGNED, "L-1", T0);
        change(Kind.RESPONDED, "L-2", T0.plusSeconds(1));
        change(Kind.RELEASED, "L-3", T0.plusSeconds(2));
        change(Kind.RESPONDED, "L-1", T0.plusSeconds(3));
        change(Kind.RESPONDED, "L-1", T0.plusSeconds(4));
        change(Kind.OPENED, "L-1", T0.plusSeconds(5));

        assertThat(harness.output()).extracting(RepLoad::getAwaitingFirstResponse).containsExactly(1, 0);
    }

    @Test
    void repOverloadedFiresOnceWhenAwaitingReachesCapacity() throws Exception {
        harness.rules(Teams.rules("t1", T0).setRepCapacity(2).build());
        harness.setProcessingTime(T0.plusSeconds(60).plusMillis(35));
        change(Kind.ASSIGNED, "L-1", T0);
        assertThat(overloads()).isEmpty();

        change(Kind.ASSIGNED, "L-2", T0.plusSeconds(60));
        change(Kind.ASSIGNED, "L-3", T0.plusSeconds(120));
        change(Kind.RESPONDED, "L-3", T0.plusSeconds(180));

        assertThat(overloads()).hasSize(1);
        Alert alert = overloads().get(0);
        assertThat(alert.getId()).isEqualTo(AlertIds.of("rep.overloaded", "r7|" + T0.plusSeconds(60).toEpochMilli()));
        assertThat(alert.getType()).isEqualTo("rep.overloaded");
        assertThat(alert.getTeamId()).isEqualTo("t1");
        assertThat(alert.getRepId()).isEqualTo("r7");
        assertThat(alert.getLeadId()).isNull();
        assertThat(alert.getOccurredAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(alert.getDetectedAt()).isEqualTo(T0.plusSeconds(60).plusMillis(35));
        assertThat(alert.getFacts()).containsEntry("awaitingFirstResponse", 2L).containsEntry("capacity", 2L)
                .containsEntry("loadPct", 100.0);
        assertThat(alert.getMessage()).isEqualTo("Rep r7 has 2 leads waiting for a first response (capacity 2)");
    }

    @Test
    void repOverloadedFiresAgainOnlyAfterFallingBelowThreeQuartersOfCapacity() throws Exception {
        harness.rules(Teams.rules("t1", T0).setRepCapacity(4).build());
        for (int i = 1; i <= 4; i++) {
            change(Kind.ASSIGNED, "L-" + i, T0.plusSeconds(i));
        }
        assertThat(overloads()).hasSize(1);

        change(Kind.RESPONDED, "L-1", T0.plusSeconds(10));
        change(Kind.ASSIGNED, "L-5", T0.plusSeconds(11));
        assertThat(overloads()).as("3 of 4 is not below three quarters").hasSize(1);

        change(Kind.RESPONDED, "L-2", T0.plusSeconds(20));
        change(Kind.RESPONDED, "L-3", T0.plusSeconds(21));
        change(Kind.ASSIGNED, "L-6", T0.plusSeconds(22));
        change(Kind.ASSIGNED, "L-7", T0.plusSeconds(23));

        assertThat(overloads()).extracting(Alert::getId).containsExactly(
                AlertIds.of("rep.overloaded", "r7|" + T0.plusSeconds(4).toEpochMilli()),
                AlertIds.of("rep.overloaded", "r7|" + T0.plusSeconds(23).toEpochMilli()));
    }

    @Test
    void theLoadItsWindowsAndTheOverloadSurviveARestart() throws Exception {
        harness.rules(Teams.rules("t1", T0).setRepCapacity(2).build());
        change(Kind.ASSIGNED, "L-1", T0);
        harness.restart();
        change(Kind.ASSIGNED, "L-2", T0.plusSeconds(60));
        assertThat(latest().getAwaitingFirstResponse()).isEqualTo(2);
        assertThat(latest().getCapacity()).as("the rules survive too").isEqualTo(2);
        assertThat(overloads()).hasSize(1);

        harness.restart();
        change(Kind.ASSIGNED, "L-3", T0.plusSeconds(120));
        assertThat(overloads()).as("still overloaded, no new crossing").isEmpty();

        harness.advanceTo(T0.plus(Duration.ofHours(24)));
        assertThat(latest().getAssigned24h()).isEqualTo(2);
        assertThat(latest().getOpenLeads()).isEqualTo(3);
    }

    @Test
    void aChangedCapacityAppliesAtTheRepsNextChange() throws Exception {
        change(Kind.ASSIGNED, "L-1", T0);
        change(Kind.ASSIGNED, "L-2", T0.plusSeconds(1));
        assertThat(latest().getLoadPct()).isEqualTo(25.0);

        harness.rules(Teams.rules("t1", T0.plusSeconds(5)).setRepCapacity(2).build());
        assertThat(harness.output()).hasSize(2);
        assertThat(overloads()).isEmpty();

        change(Kind.FOLLOWED_UP, "L-1", T0.plusSeconds(10));

        assertThat(latest().getCapacity()).isEqualTo(2);
        assertThat(latest().getLoadPct()).isEqualTo(100.0);
        assertThat(overloads()).extracting(Alert::getOccurredAt).containsExactly(T0.plusSeconds(10));
    }

    @Test
    void anotherTeamsRulesDoNotChangeTheRepsCapacity() throws Exception {
        harness.rules(Teams.rules("t2", T0).setRepCapacity(1).build());
        change(Kind.ASSIGNED, "L-1", T0);

        assertThat(latest().getCapacity()).isEqualTo(8);
        assertThat(overloads()).isEmpty();
    }

    private void change(Kind kind, String leadId, Instant at) throws Exception {
        harness.process(new LeadChange("r7", "t1", leadId, kind, at.toEpochMilli()), at);
    }

    private RepLoad latest() {
        List<RepLoad> loads = harness.output();
        assertThat(loads).isNotEmpty();
        return loads.get(loads.size() - 1);
    }

    private List<Alert> overloads() {
        return harness.sideOutput(RepLoadFunction.REP_ALERTS);
    }
}
