package io.leadpulse.jobs.load;

import io.leadpulse.jobs.alerts.AlertTypes;
import io.leadpulse.jobs.alerts.Alerts;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.RepLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** No time: nothing has left its window, or nothing is waiting to. */
    public static final long NONE = Long.MIN_VALUE;
    private static final long FOLLOW_UP_WINDOW_MILLIS = FOLLOW_UP_WINDOW.toMillis();
    private static final long ASSIGNMENT_WINDOW_MILLIS = ASSIGNMENT_WINDOW.toMillis();

    private RepLoads() {
    }

    /** A follow-up by the rep at {@code atMillis}: it counts in {@code followUps3d} until it leaves the window. */
    public static void followedUp(RepLoadState rep, long atMillis) {
        inTimeOrder(rep);
        insertInOrder(rep.followUps, atMillis);
    }

    /** An assignment to the rep at {@code atMillis}: it counts in {@code assigned24h} until it leaves the window. */
    public static void assigned(RepLoadState rep, long atMillis) {
        inTimeOrder(rep);
        insertInOrder(rep.assignments, atMillis);
    }

    /**
     * Drops follow-ups and assignments that have left their windows by {@code nowMillis}. The lists are kept in time
     * order, so what has left is a run at the head: a busy rep has hundreds of follow-ups in three days, and this runs
     * on every change and every timer of the rep (testing each of them was a third of the rep load's time).
     *
     * @return when the last of those dropped left its window, or {@link #NONE} if none had left
     */
    public static long expire(RepLoadState rep, long nowMillis) {
        inTimeOrder(rep);
        return Math.max(dropHead(rep.followUps, FOLLOW_UP_WINDOW_MILLIS, nowMillis),
                dropHead(rep.assignments, ASSIGNMENT_WINDOW_MILLIS, nowMillis));
    }

    /**
     * When the next follow-up or assignment leaves its window (the heads of the time-ordered lists), or {@link #NONE}.
     * The rep needs one timer, there: not one per follow-up and assignment, which kept a busy rep's three days of them
     * in the timer queue (a quarter of the rep load's time went to that queue in the throughput benchmark).
     */
    public static long nextExpiry(RepLoadState rep) {
        inTimeOrder(rep);
        long next = NONE;
        if (!rep.followUps.isEmpty()) {
            next = rep.followUps.get(0) + FOLLOW_UP_WINDOW_MILLIS;
        }
        if (!rep.assignments.isEmpty()) {
            long assignmentLeaves = rep.assignments.get(0) + ASSIGNMENT_WINDOW_MILLIS;
            next = next == NONE ? assignmentLeaves : Math.min(next, assignmentLeaves);
        }
        return next;
    }

    /** State written before the lists were kept in time order (arrival order, nearly sorted) is sorted once. */
    private static void inTimeOrder(RepLoadState rep) {
        if (!rep.inTimeOrder) {
            rep.followUps.sort(null);
            rep.assignments.sort(null);
            rep.inTimeOrder = true;
        }
    }

    /** Changes arrive nearly in event time: the place is found from the tail. */
    private static void insertInOrder(List<Long> times, long atMillis) {
        int i = times.size();
        while (i > 0 && times.get(i - 1) > atMillis) {
            i--;
        }
        times.add(i, atMillis);
    }

    /**
     * Drops the times at the head whose window has passed ({@code nowMillis} may be the initial watermark, MIN_VALUE);
     * returns when the last of them left it, or {@link #NONE}.
     */
    private static long dropHead(List<Long> times, long windowMillis, long nowMillis) {
        int gone = 0;
        while (gone < times.size() && times.get(gone) + windowMillis <= nowMillis) {
            gone++;
        }
        if (gone == 0) {
            return NONE;
        }
        long lastLeft = times.get(gone - 1) + windowMillis;
        times.subList(0, gone).clear();
        return lastLeft;
    }

    public static RepLoad load(String repId, RepLoadState rep, Rules rules) {
        int capacity = Math.max(1, rules.repCapacity());
        // The constructor, not the builder: Avro's builder copies the schema's field list for every load.
        return new RepLoad(repId, rep.teamId, rep.openLeads, rep.awaitingFirstResponse, rep.followUps.size(),
                rep.assignments.size(), capacity, Math.round(1000.0 * rep.awaitingFirstResponse / capacity) / 10.0,
                Instant.ofEpochMilli(rep.updatedAtMillis));
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
