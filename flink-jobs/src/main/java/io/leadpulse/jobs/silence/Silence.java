package io.leadpulse.jobs.silence;

import io.leadpulse.jobs.alerts.AlertTypes;
import io.leadpulse.jobs.alerts.Alerts;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadState;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rule for {@code lead.silent}: an open lead had no event of any kind for the team's {@code silenceSeconds}.
 *
 * <p>A quiet period is one silence, named by the time of the event that began it, so the alert fires once per period
 * and has the same id however it is found: by the timer when event time passes the deadline (live, on a quiet night),
 * or by the next event when that event arrives after the deadline (a replay, where the next event is read before
 * event time moves on, or a lead whose timer was set under an older, longer rule).
 */
public final class Silence {
    static final int CUSTOMER_TEXTS_KEPT = 3;

    private Silence() {
    }

    /** When the lead's current quiet period becomes a silence, or {@link LeadState#NONE}. */
    public static long deadline(LeadState lead, Rules rules) {
        if (!lead.open || lead.lastActivityMillis == LeadState.NONE || lead.silenceAlertedForMillis == lead.lastActivityMillis) {
            return LeadState.NONE;
        }
        return lead.lastActivityMillis + rules.silence().toMillis();
    }

    /** Event time has reached {@code nowMillis}: the silence, if the quiet period has lasted long enough. */
    public static Optional<Alert> check(LeadState lead, String leadId, long nowMillis, Rules rules, long detectedAtMillis) {
        long deadline = deadline(lead, rules);
        if (deadline == LeadState.NONE || nowMillis < deadline) {
            return Optional.empty();
        }
        lead.silenceAlertedForMillis = lead.lastActivityMillis;
        return Optional.of(alert(lead, leadId, deadline, rules, detectedAtMillis));
    }

    /** Notes an activity: it ends the quiet period (if it is the newest) and a customer's text is kept. */
    public static void note(LeadState lead, LeadActivity activity) {
        if (activity.occurredAtMillis > lead.lastActivityMillis) {
            lead.lastActivityMillis = activity.occurredAtMillis;
        }
        if (activity.isBy(Actor.CUSTOMER) && activity.text != null && !activity.text.isBlank()) {
            lead.lastCustomerTexts.add(activity.text);
            while (lead.lastCustomerTexts.size() > CUSTOMER_TEXTS_KEPT) {
                lead.lastCustomerTexts.remove(0);
            }
        }
    }

    private static Alert alert(LeadState lead, String leadId, long deadline, Rules rules, long detectedAtMillis) {
        long silentSeconds = rules.silence().toSeconds();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("silentSince", Alerts.instant(lead.lastActivityMillis));
        facts.put("silenceSeconds", silentSeconds);
        facts.put("lastCustomerMessages", new ArrayList<>(lead.lastCustomerTexts));
        String message = leadId + " has had no activity for " + Alerts.spoken(silentSeconds)
                + (lead.repId != null ? " (rep " + lead.repId + ")" : "");
        return Alerts.alert(AlertTypes.SILENT, leadId + "|" + lead.lastActivityMillis, lead.teamId, lead.repId, leadId,
                deadline, detectedAtMillis, message, facts);
    }
}
