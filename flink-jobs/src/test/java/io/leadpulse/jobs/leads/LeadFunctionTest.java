package io.leadpulse.jobs.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.jobs.load.LeadChange;
import io.leadpulse.jobs.load.LeadChange.Kind;
import io.leadpulse.jobs.testing.DetectorHarness;
import io.leadpulse.jobs.testing.Teams;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The per-lead detectors (activation, silence, first response) and the lead's lifecycle, under the test harness. */
class LeadFunctionTest {
    static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    static final Duration SILENCE = Duration.ofHours(72);
    static final Duration FIRST_RESPONSE = Duration.ofMinutes(15);
    static final Duration ACTIVATION = Duration.ofHours(3);

    DetectorHarness<LeadActivity, Alert> lead;

    @BeforeEach
    void open() throws Exception {
        lead = new DetectorHarness<>(() -> new LeadFunction(Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(7)),
                activity -> activity.leadId);
    }

    @AfterEach
    void close() throws Exception {
        lead.close();
    }

    @Nested
    class Activation {
        @Test
        void aCustomerInquiryWithinTheWindowAfterContentReachedActivatesTheLeadOnce() throws Exception {
            send(reached("reach-1", T0));
            send(event("m-1", "activity.inquiry", Actor.CUSTOMER, T0.plus(Duration.ofHours(2)), "Price for 20 seats?"));
            send(event("m-2", "activity.message", Actor.CUSTOMER, T0.plus(Duration.ofHours(2).plusMinutes(5)), "And delivery?"));

            assertThat(alerts("lead.activated")).singleElement().satisfies(alert -> {
                assertThat(alert.getId()).isEqualTo(activationOf("reach-1"));
                assertThat(alert.getLeadId()).isEqualTo("L-1");
                assertThat(alert.getRepId()).isEqualTo("r7");
                assertThat(alert.getOccurredAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
                assertThat(alert.getFacts()).containsEntry("activity", "activity.inquiry").containsEntry("code", "7fQk2c")
                        .containsEntry("secondsAfterReach", 7200L);
            });
        }

        @Test
        void anInquiryThatArrivesBeforeTheClickItFollowsStillActivates() throws Exception {
            send(event("m-1", "activity.inquiry", Actor.CUSTOMER, T0.plusSeconds(600), "Is there a trial?"));
            send(reached("reach-1", T0));

            assertThat(alerts("lead.activated")).extracting(Alert::getId).containsExactly(activationOf("reach-1"));
        }

        @Test
        void anInquiryAfterTheWindowOrBeforeTheClickOrByTheRepDoesNotActivate() throws Exception {
            send(event("m-0", "activity.inquiry", Actor.CUSTOMER, T0.minusSeconds(60), "Earlier question"));
            send(reached("reach-1", T0));
            send(event("m-1", "activity.call", Actor.REP, T0.plusSeconds(60), null));
            send(event("m-2", "activity.inquiry", Actor.CUSTOMER, T0.plus(ACTIVATION).plusSeconds(1), "Late question"));

            assertThat(alerts("lead.activated")).isEmpty();
        }

        @Test
        void eachReachIsActivatedOnItsOwn() throws Exception {
            send(reached("reach-1", T0));
            send(reached("reach-2", T0.plusSeconds(60)));
            send(event("m-1", "activity.inquiry", Actor.CUSTOMER, T0.plusSeconds(120), "Question"));

            assertThat(alerts("lead.activated")).extracting(Alert::getId).containsExactlyInAnyOrder(
                    activationOf("reach-1"), activationOf("reach-2"));
        }

        @Test
        void theTeamsWindowIsLiveAndMatchedStateIsForgottenOnceNoLateEventCanMatch() throws Exception {
            lead.rules(Teams.rules("t1", T0).setActivationWindowSeconds(60).build());
            send(reached("reach-1", T0));
            send(event("m-1", "activity.inquiry", Actor.CUSTOMER, T0.plusSeconds(61), "Too late for this team"));
            assertThat(alerts("lead.activated")).isEmpty();

            lead.advanceTo(T0.plus(Duration.ofHours(2)));
            assertThat(lead.eventTimeTimers()).as("only the lead's expiry").isEqualTo(1);
        }

        @Test
        void aClickLateByMoreThanTheAllowanceDoesNotMatchTheInquiryItPrecededThoughTheLeadNeverWokeUpToForgetIt()
                throws Exception {
            send(event("m-1", "activity.inquiry", Actor.CUSTOMER, T0.plusSeconds(600), "Is there a trial?"));
            lead.advanceTo(T0.plusSeconds(600).plus(Duration.ofHours(1)));

            send(reached("reach-1", T0));

            assertThat(alerts("lead.activated")).isEmpty();
        }

        @Test
        void aClickLateByLessThanTheAllowanceStillMatchesAfterTheWatermarkMovedOn() throws Exception {
            send(event("m-1", "activity.inquiry", Actor.CUSTOMER, T0.plusSeconds(600), "Is there a trial?"));
            lead.advanceTo(T0.plusSeconds(600).plus(Duration.ofHours(1)).minusMillis(1));

            send(reached("reach-1", T0));

            assertThat(alerts("lead.activated")).extracting(Alert::getId).containsExactly(activationOf("reach-1"));
        }
    }

    @Nested
    class Silence {
        @Test
        void anOpenLeadWithNoEventForTheSilencePeriodAlertsWhenEventTimeGetsThereWithTheLastThreeCustomerTexts() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(event("m-1", "activity.message", Actor.CUSTOMER, T0.plusSeconds(10), "one"));
            send(event("m-2", "activity.message", Actor.CUSTOMER, T0.plusSeconds(20), "two"));
            send(event("m-3", "activity.message", Actor.REP, T0.plusSeconds(30), "a rep's text is not kept"));
            send(event("m-4", "activity.message", Actor.CUSTOMER, T0.plusSeconds(40), "three"));
            send(event("m-5", "activity.message", Actor.CUSTOMER, T0.plusSeconds(50), "four"));
            Instant last = T0.plusSeconds(50);

            lead.advanceTo(last.plus(SILENCE).minusMillis(1));
            assertThat(alerts("lead.silent")).isEmpty();
            lead.advanceTo(last.plus(SILENCE));

            assertThat(alerts("lead.silent")).singleElement().satisfies(alert -> {
                assertThat(alert.getId()).isEqualTo(AlertIds.of("lead.silent", "L-1|" + last.toEpochMilli()));
                assertThat(alert.getOccurredAt()).isEqualTo(last.plus(SILENCE));
                assertThat(alert.getRepId()).isEqualTo("r7");
                assertThat(alert.getFacts().get("lastCustomerMessages")).isEqualTo(List.of("two", "three", "four"));
                assertThat(alert.getMessage()).contains("L-1").contains("72 h");
            });
            lead.advanceTo(last.plus(SILENCE).plus(SILENCE));
            assertThat(alerts("lead.silent")).hasSize(1);
        }

        @Test
        void anyEventRestartsTheQuietPeriodAndTheNextSilenceHasItsOwnId() throws Exception {
            send(created("c-1", T0));
            send(event("n-1", "activity.note", Actor.SYSTEM, T0.plus(Duration.ofHours(70)), null));
            lead.advanceTo(T0.plus(SILENCE));
            assertThat(alerts("lead.silent")).isEmpty();

            lead.advanceTo(T0.plus(Duration.ofHours(70)).plus(SILENCE));
            send(event("n-2", "activity.note", Actor.SYSTEM, T0.plus(Duration.ofHours(200)), null));
            lead.advanceTo(T0.plus(Duration.ofHours(200)).plus(SILENCE));

            assertThat(alerts("lead.silent")).extracting(Alert::getId).containsExactly(
                    AlertIds.of("lead.silent", "L-1|" + T0.plus(Duration.ofHours(70)).toEpochMilli()),
                    AlertIds.of("lead.silent", "L-1|" + T0.plus(Duration.ofHours(200)).toEpochMilli()));
        }

        @Test
        void replayingTheSameEventsFastGivesTheSameSilenceAlertsAsTheLiveRun() throws Exception {
            List<LeadActivity> history = List.of(created("c-1", T0), event("n-1", "activity.note", Actor.SYSTEM,
                    T0.plus(Duration.ofHours(100)), null), event("n-2", "activity.note", Actor.SYSTEM, T0.plus(Duration.ofHours(110)), null));
            // live: event time moves on between the events, the timer finds the silence
            for (LeadActivity activity : history) {
                lead.advanceTo(Instant.ofEpochMilli(activity.occurredAtMillis));
                send(activity);
            }
            List<String> live = alerts("lead.silent").stream().map(Alert::getId).toList();

            // replay: everything is read before event time moves at all
            try (DetectorHarness<LeadActivity, Alert> replay = new DetectorHarness<>(
                    () -> new LeadFunction(Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(7)), activity -> activity.leadId)) {
                for (LeadActivity activity : history) {
                    replay.process(activity, Instant.ofEpochMilli(activity.occurredAtMillis));
                }
                replay.advanceTo(T0.plus(Duration.ofHours(110)).minusSeconds(1));
                List<String> replayed = replay.output().stream().filter(a -> a.getType().equals("lead.silent")).map(Alert::getId).toList();

                assertThat(live).containsExactly(AlertIds.of("lead.silent", "L-1|" + T0.toEpochMilli()));
                assertThat(replayed).isEqualTo(live);
            }
        }

        @Test
        void aSilenceWhoseDeadlineMovedLaterFiresAtTheLaterDeadlineNotTheEarlierOne() throws Exception {
            send(created("c-1", T0));
            Instant later = T0.plus(Duration.ofHours(10));
            send(event("n-1", "activity.note", Actor.SYSTEM, later, null));
            assertThat(lead.eventTimeTimers()).as("one timer per lead, whatever moved").isEqualTo(1);

            lead.advanceTo(T0.plus(SILENCE));
            assertThat(alerts("lead.silent")).as("the first deadline is no longer due").isEmpty();
            assertThat(lead.eventTimeTimers()).isEqualTo(1);
            lead.advanceTo(later.plus(SILENCE).minusMillis(1));
            assertThat(alerts("lead.silent")).isEmpty();
            lead.advanceTo(later.plus(SILENCE));

            assertThat(alerts("lead.silent")).singleElement().satisfies(alert -> {
                assertThat(alert.getId()).isEqualTo(AlertIds.of("lead.silent", "L-1|" + later.toEpochMilli()));
                assertThat(alert.getOccurredAt()).isEqualTo(later.plus(SILENCE));
            });
        }

        @Test
        void aDeadlinePassedInTheSameWatermarkAsAnEarlierTimerStillFiresInThatWatermark() throws Exception {
            send(created("c-1", T0));
            Instant later = T0.plus(Duration.ofHours(10));
            send(event("n-1", "activity.note", Actor.SYSTEM, later, null));

            lead.advanceTo(later.plus(SILENCE).plus(SILENCE));

            assertThat(alerts("lead.silent")).extracting(Alert::getId)
                    .containsExactly(AlertIds.of("lead.silent", "L-1|" + later.toEpochMilli()));
        }

        @Test
        void aMovedSilenceFiresAtItsDeadlineAfterARestoreBeforeOrAfterTheEarlierTimer() throws Exception {
            send(created("c-1", T0));
            Instant later = T0.plus(Duration.ofHours(10));
            send(event("n-1", "activity.note", Actor.SYSTEM, later, null));
            lead.restart(); // the timer restored is the early one
            lead.advanceTo(T0.plus(SILENCE).plusSeconds(1));
            lead.restart(); // the timer restored is the one set again at the real deadline
            assertThat(lead.eventTimeTimers()).isEqualTo(1);
            lead.advanceTo(later.plus(SILENCE).minusMillis(1));
            assertThat(alerts("lead.silent")).isEmpty();
            lead.advanceTo(later.plus(SILENCE));

            assertThat(alerts("lead.silent")).extracting(Alert::getId)
                    .containsExactly(AlertIds.of("lead.silent", "L-1|" + later.toEpochMilli()));
        }

        @Test
        void aLeadWhoseDeadlinesMovedGivesTheSameAlertsLiveAndReplayed() throws Exception {
            List<LeadActivity> history = List.of(created("c-1", T0), assigned("a-1", "r7", T0.plusSeconds(1)),
                    reached("reach-1", T0.plusSeconds(60)),
                    event("m-1", "activity.message", Actor.CUSTOMER, T0.plusSeconds(660), "Any news?"),
                    event("k-1", "activity.call", Actor.REP, T0.plusSeconds(1260), null),
                    event("n-1", "activity.note", Actor.SYSTEM, T0.plus(Duration.ofHours(50)), null),
                    event("m-2", "activity.message", Actor.CUSTOMER, T0.plus(Duration.ofHours(130)), "Hello?"),
                    event("n-2", "activity.note", Actor.SYSTEM, T0.plus(Duration.ofHours(300)), null));
            Instant end = T0.plus(Duration.ofHours(300)).plus(Duration.ofDays(30)); // past the lead's expiry
            for (LeadActivity activity : history) {
                lead.advanceTo(Instant.ofEpochMilli(activity.occurredAtMillis));
                send(activity);
            }
            lead.advanceTo(end);
            List<String> live = lead.output().stream().map(alert -> alert.getId() + "@" + alert.getOccurredAt()).sorted().toList();

            try (DetectorHarness<LeadActivity, Alert> replay = new DetectorHarness<>(
                    () -> new LeadFunction(Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(7)), activity -> activity.leadId)) {
                for (LeadActivity activity : history) {
                    replay.process(activity, Instant.ofEpochMilli(activity.occurredAtMillis));
                }
                replay.advanceTo(end);
                List<String> replayed = replay.output().stream().map(alert -> alert.getId() + "@" + alert.getOccurredAt()).sorted().toList();

                assertThat(live).hasSize(5); // overdue, activated, three silences
                assertThat(replayed).isEqualTo(live);
                assertThat(replay.eventTimeTimers()).isZero();
            }
        }

        @Test
        void aLeadThatWasNeverCreatedOrAssignedIsNotWatched() throws Exception {
            send(event("m-1", "activity.message", Actor.CUSTOMER, T0, "hello"));
            lead.advanceTo(T0.plus(SILENCE).plus(SILENCE));

            assertThat(alerts("lead.silent")).isEmpty();
        }

        @Test
        void aShorterSilenceRuleAppliesWithoutARestart() throws Exception {
            send(created("c-1", T0));
            lead.rules(Teams.rules("t1", T0.plusSeconds(1)).setSilenceSeconds(120).build());
            send(event("n-1", "activity.note", Actor.SYSTEM, T0.plusSeconds(10), null));
            lead.advanceTo(T0.plusSeconds(130));

            assertThat(alerts("lead.silent")).singleElement()
                    .satisfies(alert -> assertThat(alert.getFacts()).containsEntry("silenceSeconds", 120L));
        }

        @Test
        void theSilenceTimerSurvivesARestoreFromASnapshot() throws Exception {
            send(created("c-1", T0));
            lead.restart();
            lead.advanceTo(T0.plus(SILENCE));

            assertThat(alerts("lead.silent")).hasSize(1);
        }
    }

    @Nested
    class FirstResponse {
        @Test
        void anAssignmentWithoutARepTouchWithinTheLimitIsOverdueOnce() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(event("m-1", "activity.message", Actor.CUSTOMER, T0.plusSeconds(60), "hello?"));
            lead.advanceTo(T0.plus(FIRST_RESPONSE));
            lead.advanceTo(T0.plus(FIRST_RESPONSE).plusSeconds(600));

            assertThat(alerts("lead.first_response_overdue")).singleElement().satisfies(alert -> {
                assertThat(alert.getId()).isEqualTo(AlertIds.of("lead.first_response_overdue", "L-1|a-1"));
                assertThat(alert.getRepId()).isEqualTo("r7");
                assertThat(alert.getOccurredAt()).isEqualTo(T0.plus(FIRST_RESPONSE));
            });
        }

        @Test
        void aRepTouchInTimeMeansNoAlert() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(event("call-1", "activity.call", Actor.REP, T0.plusSeconds(300), null));
            lead.advanceTo(T0.plus(Duration.ofHours(1)));

            assertThat(alerts("lead.first_response_overdue")).isEmpty();
        }

        @Test
        void aReassignmentRestartsTheClockForTheNewRep() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(assigned("a-2", "r8", T0.plusSeconds(600)));
            lead.advanceTo(T0.plus(FIRST_RESPONSE));
            assertThat(alerts("lead.first_response_overdue")).isEmpty();

            lead.advanceTo(T0.plusSeconds(600).plus(FIRST_RESPONSE));
            assertThat(alerts("lead.first_response_overdue")).singleElement().satisfies(alert -> {
                assertThat(alert.getId()).isEqualTo(AlertIds.of("lead.first_response_overdue", "L-1|a-2"));
                assertThat(alert.getRepId()).isEqualTo("r8");
            });
        }

        @Test
        void aLateTouchReadBeforeEventTimeMovedStillReportsTheOverdueAssignment() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(event("call-1", "activity.call", Actor.REP, T0.plus(FIRST_RESPONSE).plusSeconds(1), null));
            lead.advanceTo(T0.plus(Duration.ofHours(1)));

            assertThat(alerts("lead.first_response_overdue")).extracting(Alert::getId)
                    .containsExactly(AlertIds.of("lead.first_response_overdue", "L-1|a-1"));
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void aClosedLeadReleasesItsTimersAndRaisesNothingMore() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(reached("reach-1", T0.plusSeconds(5)));
            send(event("x-1", "lead.closed", Actor.REP, T0.plusSeconds(60), null));

            assertThat(lead.eventTimeTimers()).isZero();
            lead.advanceTo(T0.plus(SILENCE).plus(SILENCE));
            assertThat(lead.output()).isEmpty();
        }

        @Test
        void aReopenedLeadStartsFresh() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(event("call-1", "activity.call", Actor.REP, T0.plusSeconds(60), null));
            send(event("x-1", "lead.closed", Actor.REP, T0.plusSeconds(120), null));
            LeadActivity reopened = reopened("o-1", "r7", T0.plus(Duration.ofDays(10)));
            send(reopened);
            lead.advanceTo(T0.plus(Duration.ofDays(10)).plus(SILENCE));

            assertThat(alerts("lead.silent")).singleElement().satisfies(alert -> {
                assertThat(alert.getId()).isEqualTo(AlertIds.of("lead.silent", "L-1|" + T0.plus(Duration.ofDays(10)).toEpochMilli()));
                assertThat(alert.getRepId()).isEqualTo("r7");
            });
            assertThat(alerts("lead.first_response_overdue")).isEmpty();
        }

        @Test
        void aLeadThatNeverClosesExpiresAfterItsLifetimeAndLeavesItsRepsLoad() throws Exception {
            send(assigned("a-1", "r7", T0));
            lead.advanceTo(T0.plus(Duration.ofDays(30)));

            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).extracting(LeadFunctionTest::describe)
                    .containsExactly("ASSIGNED r7", "RELEASED r7");
            assertThat(lead.eventTimeTimers()).isZero();
            assertThat(lead.keyedStateEntries()).as("only the remembered event ids").isEqualTo(1);
            assertThat(lead.processingTimeTimers()).as("event time ran ahead of the wall clock: the ids are fresh").isEqualTo(1);
        }

        @Test
        void aLeadThatExpiresLiveAfterItsEventIdsExpiredLeavesNothingBehind() throws Exception {
            lead.setProcessingTime(T0);
            send(assigned("a-1", "r7", T0));
            lead.setProcessingTime(T0.plus(Duration.ofDays(30)));
            lead.advanceTo(T0.plus(Duration.ofDays(30)));

            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).extracting(LeadFunctionTest::describe)
                    .containsExactly("ASSIGNED r7", "RELEASED r7");
            assertThat(lead.keyedStateEntries()).isZero();
            assertThat(lead.processingTimeTimers()).isZero();
            assertThat(lead.eventTimeTimers()).isZero();
        }

        @Test
        void aLeadThatExpiresLiveRemembersTheEventIdsStillInTheirWindowUntilTheirOwnExpiry() throws Exception {
            lead.setProcessingTime(T0);
            send(assigned("a-1", "r7", T0));
            lead.setProcessingTime(T0.plus(Duration.ofDays(5)));
            LeadActivity note = event("n-1", "activity.note", Actor.SYSTEM, T0.plusSeconds(60), null);
            send(note);
            lead.setProcessingTime(T0.plus(Duration.ofDays(8)));
            lead.advanceTo(T0.plusSeconds(60).plus(Duration.ofDays(30)));
            assertThat(lead.processingTimeTimers()).isEqualTo(1);

            lead.setProcessingTime(T0.plus(Duration.ofDays(12)).minusMillis(1));
            send(note);
            assertThat(lead.keyedStateEntries()).as("n-1 was still remembered: its resend revived nothing").isEqualTo(1);
            assertThat(lead.eventTimeTimers()).isZero();

            lead.setProcessingTime(T0.plus(Duration.ofDays(12)));
            assertThat(lead.keyedStateEntries()).isZero();
            assertThat(lead.processingTimeTimers()).isZero();
        }

        @Test
        void aReopenedLeadCarriesNoTimerForTheEventIdsOfItsClosing() throws Exception {
            lead.setProcessingTime(T0);
            send(assigned("a-1", "r7", T0));
            send(event("x-1", "lead.closed", Actor.REP, T0.plusSeconds(60), null));
            assertThat(lead.processingTimeTimers()).isEqualTo(1);
            lead.setProcessingTime(T0.plus(Duration.ofDays(1)));
            LeadActivity reopened = reopened("o-1", "r7", T0.plus(Duration.ofDays(1)));
            send(reopened);
            assertThat(lead.processingTimeTimers()).as("the open lead drops expired ids with its events").isZero();

            lead.setProcessingTime(T0.plus(Duration.ofDays(7)));
            send(reopened);
            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).as("o-1 is still remembered").extracting(change -> change.kind)
                    .containsExactly(Kind.ASSIGNED, Kind.RELEASED, Kind.OPENED);
        }

        @Test
        void aReachOnAClosedLeadBringsNoIdAndLeavesTheIdsTimerToDropTheOldOnes() throws Exception {
            lead.setProcessingTime(T0);
            send(assigned("a-1", "r7", T0));
            send(event("x-1", "lead.closed", Actor.REP, T0.plusSeconds(60), null));
            send(reached("reach-1", T0.plusSeconds(120)));
            assertThat(lead.processingTimeTimers()).isEqualTo(1);

            lead.setProcessingTime(T0.plus(Duration.ofDays(7)));
            assertThat(lead.processingTimeTimers()).as("not set again: the lead lives").isZero();
            send(assigned("a-1", "r7", T0.plus(Duration.ofDays(7))));
            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).as("a-1 was forgotten, so it counts again")
                    .extracting(change -> change.kind).containsExactly(Kind.ASSIGNED, Kind.RELEASED, Kind.ASSIGNED);
        }

        @Test
        void aLeadClosedAgainAfterReopeningForgetsItsEventIdsAtTheirExpiryAcrossARestore() throws Exception {
            lead.setProcessingTime(T0);
            send(assigned("a-1", "r7", T0));
            send(event("x-1", "lead.closed", Actor.REP, T0.plusSeconds(60), null));
            lead.setProcessingTime(T0.plus(Duration.ofDays(1)));
            LeadActivity reopened = reopened("o-1", "r7", T0.plus(Duration.ofDays(1)));
            send(reopened);
            send(event("x-2", "lead.closed", Actor.REP, T0.plus(Duration.ofDays(1)).plusSeconds(60), null));
            assertThat(lead.processingTimeTimers()).isEqualTo(1);

            lead.restart();
            lead.setProcessingTime(T0.plus(Duration.ofDays(7)));
            assertThat(lead.keyedStateEntries()).as("the ids of the reopening and the second closing").isEqualTo(1);
            assertThat(lead.processingTimeTimers()).isEqualTo(1);
            lead.setProcessingTime(T0.plus(Duration.ofDays(8)));
            assertThat(lead.keyedStateEntries()).isZero();
            assertThat(lead.processingTimeTimers()).isZero();
        }

        @Test
        void aResentEventHasNoFurtherEffect() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(event("call-1", "activity.call", Actor.REP, T0.plusSeconds(60), null));
            send(assigned("a-1", "r7", T0));
            lead.advanceTo(T0.plus(Duration.ofHours(1)));

            assertThat(alerts("lead.first_response_overdue")).isEmpty();
            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).extracting(change -> change.kind)
                    .containsExactly(Kind.ASSIGNED, Kind.RESPONDED, Kind.FOLLOWED_UP);
        }

        @Test
        void aResentEventStaysIgnoredAfterARestoreFromASnapshot() throws Exception {
            send(assigned("a-1", "r7", T0));
            lead.restart();
            send(assigned("a-1", "r7", T0));

            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).isEmpty();
        }

        @Test
        void aReachIsNotAmongTheRememberedEventIdsAndARepeatedReachStillActivatesOnce() throws Exception {
            send(reached("reach-1", T0));
            send(reached("reach-1", T0));
            send(event("m-1", "activity.inquiry", Actor.CUSTOMER, T0.plusSeconds(600), "Is there a trial?"));
            send(reached("reach-1", T0));

            assertThat(alerts("lead.activated")).extracting(Alert::getId).containsExactly(activationOf("reach-1"));
        }

        @Test
        void aLeadsStateDoesNotGrowWithEveryClickItsCustomerMade() throws Exception {
            for (int i = 0; i < 1000; i++) {
                send(reached("reach-" + i, T0.plusSeconds(i)));
            }

            // A thousand remembered reach ids alone would be over 40 KB; the last 50 reaches are kept for activation.
            assertThat(lead.checkpointBytes()).isLessThan(15_000);
        }

        @Test
        void anEventResentAfterTheIdempotencyWindowCountsAgain() throws Exception {
            lead.setProcessingTime(T0);
            send(assigned("a-1", "r7", T0));
            lead.setProcessingTime(T0.plus(Duration.ofDays(7)).minusMillis(1));
            send(assigned("a-1", "r7", T0));
            lead.setProcessingTime(T0.plus(Duration.ofDays(7)));
            send(assigned("a-1", "r7", T0));

            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).extracting(change -> change.kind)
                    .containsExactly(Kind.ASSIGNED, Kind.ASSIGNED);
        }

        @Test
        void anOpenLeadCarriesNoTimerForItsEventIdsAndDropsTheExpiredOnesWithItsNextEvent() throws Exception {
            lead.setProcessingTime(T0);
            send(assigned("a-1", "r7", T0));
            for (int i = 0; i < 50; i++) {
                send(event("m-" + i, "activity.note", Actor.SYSTEM, T0.plusSeconds(i), null));
            }
            long withFiftyOneIds = lead.checkpointBytes();
            assertThat(lead.processingTimeTimers()).isZero();

            lead.setProcessingTime(T0.plus(Duration.ofDays(7)));
            send(event("m-50", "activity.note", Actor.SYSTEM, T0.plusSeconds(50), null));

            assertThat(lead.processingTimeTimers()).isZero();
            assertThat(lead.checkpointBytes()).as("the 51 expired ids are gone").isLessThan(withFiftyOneIds - 50 * 4);
        }

        @Test
        void theRememberedEventIdsOfAClosedLeadAreDroppedOnceTheIdempotencyWindowHasPassed() throws Exception {
            lead.setProcessingTime(T0);
            send(assigned("a-1", "r7", T0));
            lead.setProcessingTime(T0.plus(Duration.ofDays(2)));
            send(event("x-1", "lead.closed", Actor.REP, T0.plusSeconds(60), null));
            assertThat(lead.keyedStateEntries()).as("only the remembered event ids").isEqualTo(1);
            assertThat(lead.processingTimeTimers()).isEqualTo(1);

            lead.setProcessingTime(T0.plus(Duration.ofDays(7)));
            assertThat(lead.keyedStateEntries()).as("the closing is remembered for two more days").isEqualTo(1);
            send(event("x-1", "lead.closed", Actor.REP, T0.plusSeconds(60), null));
            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).extracting(change -> change.kind)
                    .containsExactly(Kind.ASSIGNED, Kind.RELEASED);

            lead.setProcessingTime(T0.plus(Duration.ofDays(9)));
            assertThat(lead.keyedStateEntries()).isZero();
            assertThat(lead.processingTimeTimers()).isZero();
        }

        @Test
        void theRepsLoadHearsOfAssignmentsResponsesHandoversAndClosing() throws Exception {
            send(assigned("a-1", "r7", T0));
            send(event("call-1", "activity.call", Actor.REP, T0.plusSeconds(60), null));
            send(assigned("a-2", "r8", T0.plusSeconds(120)));
            send(event("x-1", "lead.closed", Actor.REP, T0.plusSeconds(180), null));

            assertThat(lead.sideOutput(LeadFunction.LEAD_CHANGES)).extracting(LeadFunctionTest::describe).containsExactly(
                    "ASSIGNED r7", "RESPONDED r7", "FOLLOWED_UP r7", "RELEASED r7", "ASSIGNED r8", "RELEASED r8");
        }
    }

    static String describe(LeadChange change) {
        return change.kind + " " + change.repId;
    }

    List<Alert> alerts(String type) {
        return lead.output().stream().filter(alert -> alert.getType().equals(type)).toList();
    }

    void send(LeadActivity activity) throws Exception {
        lead.process(activity, Instant.ofEpochMilli(activity.occurredAtMillis));
    }

    static LeadActivity event(String id, String type, Actor actor, Instant at, String text) {
        LeadActivity activity = new LeadActivity();
        activity.id = id;
        activity.type = type;
        activity.teamId = "t1";
        activity.leadId = "L-1";
        activity.actor = actor;
        activity.occurredAtMillis = at.toEpochMilli();
        activity.text = text;
        return activity;
    }

    static LeadActivity created(String id, Instant at) {
        return event(id, "lead.created", Actor.SYSTEM, at, null);
    }

    static LeadActivity reopened(String id, String repId, Instant at) {
        LeadActivity activity = event(id, "lead.reopened", Actor.REP, at, null);
        activity.repId = repId;
        return activity;
    }

    static LeadActivity assigned(String id, String repId, Instant at) {
        LeadActivity activity = event(id, "lead.assigned", Actor.SYSTEM, at, null);
        activity.repId = repId;
        return activity;
    }

    /** The lead activity of a {@code content.reached} alert, the reach named for the test. */
    static LeadActivity reached(String reach, Instant at) {
        LeadActivity activity = event(AlertIds.of("content.reached", reach), "content.reached", Actor.CUSTOMER, at, null);
        activity.repId = "r7";
        activity.code = "7fQk2c";
        activity.title = "Course outline";
        return activity;
    }

    /** The id of the activation of the reach named for the test. */
    static String activationOf(String reach) {
        return AlertIds.of("lead.activated", AlertIds.of("content.reached", reach));
    }
}
