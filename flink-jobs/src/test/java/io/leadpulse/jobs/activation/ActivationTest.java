package io.leadpulse.jobs.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadState;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.schemas.v1.Actor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a lead carries for activation: nothing at all until its first reach and once its last one is forgotten. */
class ActivationTest {
    private static final long T0 = 1_763_802_000_000L;
    private static final Duration LATENESS = Duration.ofHours(1);
    private final Rules rules = Rules.defaults();

    @Test
    void aLeadThatNeverReachedContentCarriesNoReaches() {
        LeadState lead = new LeadState();

        Activation.customerActed(lead, activity("m-1", "activity.inquiry", T0), rules, T0);
        Activation.forget(lead, T0, rules, LATENESS);

        assertThat(lead.reaches).isNull();
    }

    @Test
    void theReachesGoOnceTheLastOneCanNoLongerBeMatched() {
        LeadState lead = new LeadState();
        Activation.reached(lead, activity(AlertIds.of("content.reached", "click-1"), LeadActivity.CONTENT_REACHED, T0), rules, T0);
        long matchable = T0 + rules.activationWindow().toMillis() + LATENESS.toMillis();

        Activation.forget(lead, matchable - 1, rules, LATENESS);
        assertThat(lead.reaches.size()).isEqualTo(1);

        Activation.forget(lead, matchable, rules, LATENESS);
        assertThat(lead.reaches).isNull();
    }

    private static LeadActivity activity(String id, String type, long at) {
        LeadActivity activity = new LeadActivity();
        activity.id = id;
        activity.type = type;
        activity.teamId = "t1";
        activity.leadId = "L-1";
        activity.repId = "r7";
        activity.actor = Actor.CUSTOMER;
        activity.occurredAtMillis = at;
        activity.code = "7fQk2c";
        activity.title = "Course outline";
        return activity;
    }
}
