package io.leadpulse.jobs.load;

import io.leadpulse.jobs.alerts.AlertTypes;
import io.leadpulse.jobs.alerts.Alerts;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.RepLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of a rep's load (contract section 4): what counts, the load against capacity, and when a rep is
 * overloaded. {@code rep.overloaded} fires once per crossing: when the leads awaiting a first response reach the
 * team's {@code repCapacity}, and again only after they have fallen below {@link #REARM_FRACTION} of it, so a rep
 * hovering at the limit does not alert on every event.
 */
public final class RepLoads {
    public static final Duration FOLLOW_UP_WINDOW = Duration.ofDays(3);
    public static final Duration ASSIGNMENT_WINDOW = Duration.ofHours(24);
    static final double REARM_FRACTION = 0.75;
    /** In millis once: {@link #expire} tests every follow-up and assignment of the rep on every change. */
    private static final long FOLLOW_UP_WINDOW_MILLIS = FOLLOW_UP_WINDOW.toMillis();
    private static final long ASSIGNMENT_WINDOW_MILLIS = ASSIGNMENT_WINDOW.toMillis();

    private RepLoads() {
    }

    /** Drops follow-ups and assignments that have left their windows by {@code nowMillis}. */
    public static void expire(RepLoadState rep, long nowMillis) {
        rep.followUps.removeIf(at -> at + FOLLOW_UP_WINDOW_MILLIS <= nowMillis);
        rep.assignments.removeIf(at -> at + ASSIGNMENT_WINDOW_MILLIS <= nowMillis);
    }

    public static RepLoad load(String repId, RepLoadState rep, Rules rules) {
        int capacity = Math.max(1, rules.repCapacity());
        return RepLoad.newBuilder()
                .setRepId(repId)
                .setTeamId(rep.teamId)
                .setOpenLeads(rep.openLeads)
                .setAwaitingFirstResponse(rep.awaitingFirstResponse)
                .setFollowUps3d(rep.followUps.size())
                .setAssigned24h(rep.assignments.size())
                .setCapacity(capacity)
                .setLoadPct(Math.round(1000.0 * rep.awaitingFirstResponse / capacity) / 10.0)
                .setUpdatedAt(Instant.ofEpochMilli(rep.updatedAtMillis))
                .build();
    }

    /** The overload alert if this load crosses the capacity; re-arms once the load has fallen well below it. */
    public static Optional<Alert> crossing(String repId, RepLoadState rep, RepLoad load, long causeMillis, long detectedAtMillis) {
        if (!rep.overloaded && load.getAwaitingFirstResponse() >= load.getCapacity()) {
            rep.overloaded = true;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("awaitingFirstResponse", (long) load.getAwaitingFirstResponse());
            facts.put("capacity", (long) load.getCapacity());
            facts.put("openLeads", (long) load.getOpenLeads());
            facts.put("loadPct", load.getLoadPct());
            String message = "Rep " + repId + " has " + load.getAwaitingFirstResponse() + " leads waiting for a first response"
                    + " (capacity " + load.getCapacity() + ")";
            return Optional.of(Alerts.alert(AlertTypes.REP_OVERLOADED, repId + "|" + causeMillis, rep.teamId, repId,
                    null, causeMillis, detectedAtMillis, message, facts));
        }
        if (rep.overloaded && load.getAwaitingFirstResponse() < REARM_FRACTION * load.getCapacity()) {
            rep.overloaded = false;
        }
        return Optional.empty();
    }

    /** A fingerprint of what the load says, to tell a change from a repeat. */
    static String contentOf(RepLoad load) {
        return load.getTeamId() + "|" + load.getOpenLeads() + "|" + load.getAwaitingFirstResponse() + "|" + load.getFollowUps3d()
                + "|" + load.getAssigned24h() + "|" + load.getCapacity();
    }
}
