package io.leadpulse.jobs.activation;

import io.leadpulse.jobs.alerts.AlertTypes;
import io.leadpulse.jobs.alerts.Alerts;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadState;
import io.leadpulse.jobs.leads.LeadState.CustomerAct;
import io.leadpulse.jobs.leads.Reaches;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.schemas.v1.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule for {@code lead.activated}: a customer's action (other than a click) within the team's
 * {@code activationWindowSeconds} after a {@code content.reached} of the same lead, once per reach.
 *
 * <p>Clicks come from the gateway and actions from CRMs, so either may arrive first: both sides are kept, matched in
 * event time whichever comes second, and no longer matched once event time is past the window plus the allowance for
 * late events (the lead forgets them at its next event or wake-up after that).
 */
public final class Activation {
    /** Customer actions kept per lead while waiting for a late click; older ones give way. */
    static final int CUSTOMER_ACTS_KEPT = 20;
    static final int REACHES_KEPT = 50;

    private Activation() {
    }

    /** A counted click arrived: activated at once if a customer action already followed it in time. */
    public static List<Alert> reached(LeadState lead, LeadActivity reached, Rules rules, long detectedAtMillis) {
        if (lead.reaches == null) {
            lead.reaches = new Reaches();
        }
        Reaches reaches = lead.reaches;
        if (!reaches.add(reached.id, reached.occurredAtMillis, reached.code, reached.title, reached.repId, REACHES_KEPT)) {
            return List.of();
        }
        int reach = reaches.size() - 1;
        for (CustomerAct act : lead.customerActs) {
            if (follows(reaches.atMillis[reach], act.atMillis, rules)) {
                reaches.activated[reach] = true;
                return List.of(alert(lead, reached.leadId, reach, act.type, act.id, act.atMillis, rules, detectedAtMillis));
            }
        }
        return List.of();
    }

    /** A customer acted: every reach it follows within the window is activated (once). */
    public static List<Alert> customerActed(LeadState lead, LeadActivity act, Rules rules, long detectedAtMillis) {
        List<Alert> alerts = new ArrayList<>(1);
        Reaches reaches = lead.reaches;
        for (int reach = 0; reaches != null && reach < reaches.size(); reach++) {
            if (!reaches.activated[reach] && follows(reaches.atMillis[reach], act.occurredAtMillis, rules)) {
                reaches.activated[reach] = true;
                alerts.add(alert(lead, act.leadId, reach, act.type, act.id, act.occurredAtMillis, rules, detectedAtMillis));
            }
        }
        CustomerAct kept = new CustomerAct();
        kept.id = act.id;
        kept.type = act.type;
        kept.atMillis = act.occurredAtMillis;
        keep(lead.customerActs, kept, CUSTOMER_ACTS_KEPT);
        return alerts;
    }

    /** Forgets reaches and actions that no late arrival can match any more. */
    public static void forget(LeadState lead, long nowMillis, Rules rules, Duration lateness) {
        long window = rules.activationWindow().toMillis();
        if (lead.reaches != null) {
            lead.reaches.removeIf(reachedAt -> reachedAt + window + lateness.toMillis() <= nowMillis);
            if (lead.reaches.size() == 0) {
                lead.reaches = null;
            }
        }
        lead.customerActs.removeIf(act -> act.atMillis + lateness.toMillis() <= nowMillis);
    }

    private static boolean follows(long reachedAtMillis, long actMillis, Rules rules) {
        return actMillis >= reachedAtMillis && actMillis - reachedAtMillis <= rules.activationWindow().toMillis();
    }

    private static <T> void keep(List<T> list, T item, int max) {
        list.add(item);
        while (list.size() > max) {
            list.remove(0);
        }
    }

    private static Alert alert(LeadState lead, String leadId, int reach, String actType, String actId, long actMillis,
                               Rules rules, long detectedAtMillis) {
        Reaches reaches = lead.reaches;
        long reachedAt = reaches.atMillis[reach];
        String code = reaches.code(reach);
        String title = reaches.title(reach);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("code", code);
        facts.put("title", title);
        facts.put("reachedAt", Alerts.instant(reachedAt));
        facts.put("activity", actType);
        facts.put("activityId", actId);
        facts.put("secondsAfterReach", (actMillis - reachedAt) / 1000);
        String what = title != null ? "'" + title + "'" : "the link " + code;
        String message = leadId + " got in touch (" + actType + ") " + Alerts.spoken(Math.max(0, (actMillis - reachedAt) / 1000))
                + " after opening " + what;
        String repId = lead.repId != null ? lead.repId : reaches.repId(reach);
        return Alerts.alert(AlertTypes.ACTIVATED, reaches.alertId(reach), lead.teamId, repId, leadId, actMillis,
                detectedAtMillis, message, facts);
    }
}
