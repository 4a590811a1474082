package io.leadpulse.jobs.response;

import io.leadpulse.jobs.alerts.AlertTypes;
import io.leadpulse.jobs.alerts.Alerts;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadState;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.schemas.v1.Alert;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rule for {@code lead.first_response_overdue}: no event by a rep on the lead within the team's
 * {@code firstResponseSeconds} of its assignment. A reassignment starts the clock again; like a silence, an overdue
 * assignment is found by the timer or, if the rep's first touch arrives after the deadline, by that touch.
 */
public final class FirstResponse {
    private FirstResponse() {
    }

    /** The lead was (re)assigned: the new owner's clock starts. */
    public static void assigned(LeadState lead, LeadActivity assignment) {
        lead.assignmentId = assignment.id;
        lead.assignedAtMillis = assignment.occurredAtMillis;
        lead.awaitingFirstResponse = true;
        lead.overdueAlerted = false;
    }

    /** When the current assignment becomes overdue, or {@link LeadState#NONE}. */
    public static long deadline(LeadState lead, Rules rules) {
        if (!lead.awaitingFirstResponse || lead.overdueAlerted) {
            return LeadState.NONE;
        }
        return lead.assignedAtMillis + rules.firstResponse().toMillis();
    }

    /** Event time has reached {@code nowMillis}: overdue, if the deadline has passed without a touch. */
    public static Optional<Alert> check(LeadState lead, String leadId, long nowMillis, Rules rules, long detectedAtMillis) {
        long deadline = deadline(lead, rules);
        if (deadline == LeadState.NONE || nowMillis < deadline) {
            return Optional.empty();
        }
        lead.overdueAlerted = true;
        return Optional.of(alert(lead, leadId, deadline, rules, detectedAtMillis));
    }

    /**
     * A rep touched the lead. Returns whether this was the first response to the current assignment (a touch from
     * before the assignment, arriving late, is not).
     */
    public static boolean touched(LeadState lead, LeadActivity touch) {
        if (!lead.awaitingFirstResponse || touch.occurredAtMillis < lead.assignedAtMillis) {
            return false;
        }
        lead.awaitingFirstResponse = false;
        return true;
    }

    private static Alert alert(LeadState lead, String leadId, long deadline, Rules rules, long detectedAtMillis) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("assignedAt", Alerts.instant(lead.assignedAtMillis));
        facts.put("firstResponseSeconds", rules.firstResponse().toSeconds());
        facts.put("assignmentId", lead.assignmentId);
        String message = "Rep " + lead.repId + " has not responded to " + leadId + " within "
                + Alerts.spoken(rules.firstResponse().toSeconds()) + " of the assignment";
        return Alerts.alert(AlertTypes.FIRST_RESPONSE_OVERDUE, leadId + "|" + lead.assignmentId, lead.teamId, lead.repId,
                leadId, deadline, detectedAtMillis, message, facts);
    }
}
