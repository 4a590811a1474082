package io.leadpulse.jobs.leads;

import io.leadpulse.jobs.activation.Activation;
import io.leadpulse.jobs.load.LeadChange;
import io.leadpulse.jobs.load.LeadChange.Kind;
import io.leadpulse.jobs.response.FirstResponse;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.jobs.silence.Silence;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Everything that happens on one lead (the key), in one place: activation, silence and the first response, and the
 * changes that move its rep's load (to {@link #LEAD_CHANGES}). The rules are plain Java ({@link Activation},
 * {@link Silence}, {@link FirstResponse}); this function keeps the lead's state, its one event-time timer (at or before
 * its next deadline, see {@link #wakeUpAtNextDeadline}) and its lifecycle:
 * a closed lead releases everything, a reopened lead starts fresh, and a lead that never closes expires
 * {@code stateTtl} of event time after its last event, released from its rep's load like a closed one (an explicit
 * deadline rather than Flink's state TTL, so the rep's count hears of it). The event ids it has taken in outlive the
 * lead for the idempotency window ({@link SeenEventIds}): while the lead lives, each new id drops the expired ones;
 * once it is released (closed or expired), a processing-time timer of their own drops the rest, so an open lead
 * carries no second timer. Both live in one {@link LeadRecord}, so an event costs one state lookup and one write.
 */
public final class LeadFunction extends KeyedBroadcastProcessFunction<String, LeadActivity, TeamRules, Alert> {
    public static final OutputTag<LeadChange> LEAD_CHANGES = new OutputTag<>("lead-changes", TypeInformation.of(LeadChange.class));

    private final Duration lateness;
    private final Duration stateTtl;
    private final Duration idempotencyWindow;
    private transient ValueState<LeadRecord> records;

    /**
     * @param lateness          how long after its time an event may still arrive and be matched (activation)
     * @param stateTtl          a lead without any event for this long is forgotten
     * @param idempotencyWindow how long an event id is remembered, so a resent event has no further effect
     */
    public LeadFunction(Duration lateness, Duration stateTtl, Duration idempotencyWindow) {
        this.lateness = lateness;
        this.stateTtl = stateTtl;
        this.idempotencyWindow = idempotencyWindow;
    }

    @Override
    public void open(OpenContext openContext) {
        // Expired ids are dropped by a processing-time timer (see SeenEventIds), not by a state time-to-live.
        records = getRuntimeContext().getState(new ValueStateDescriptor<>("lead-record", TypeInformation.of(LeadRecord.class)));
    }

    @Override
    public void processElement(LeadActivity activity, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        LeadRecord record = records.value();
        if (record == null) {
            record = new LeadRecord();
        }
        long now = ctx.timerService().currentProcessingTime();
        if (!activity.type.equals(LeadActivity.CONTENT_REACHED)) {
            // Events from other systems may be resent; a reach is made once per counted click by the job itself (a
            // resent click is a repeat there) and Activation.reached knows its id, so it takes no place here: a lead
            // with thousands of clicks would otherwise carry every reach's id for the whole window.
            long eventKey = SeenEventIds.keyOf(activity.id);
            if (SeenEventIds.contains(record.seenEventIds, eventKey, now, idempotencyWindow)) {
                return;
            }
            if (record.lead == null && record.seenEventIds != null) {
                // A released lead lives again (reopened, or any new event): the timer its release set for the ids, at
                // the first one's expiry, goes, as the lead drops expired ids with each new one and sets the timer
                // again when it is released. So an open lead carries no second timer. (A reach brings no id: the
                // timer stays, fires once and drops the old ids.)
                ctx.timerService().deleteProcessingTimeTimer(SeenEventIds.nextExpiry(record.seenEventIds, idempotencyWindow));
            }
            record.seenEventIds = SeenEventIds.remember(record.seenEventIds, eventKey, now, idempotencyWindow);
        }
        LeadState state = record.lead != null ? record.lead : new LeadState();
        if (state.teamId == null) {
            state.teamId = activity.teamId;
        }
        Rules rules = TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), state.teamId);
        long detectedAt = now;
        String leadId = ctx.getCurrentKey();
        // What no late event can match any more is forgotten before this one is matched: the same matches as had the
        // lead woken up at each such time, without a wake-up of its own (see wakeUpAtNextDeadline).
        Activation.forget(state, ctx.timerService().currentWatermark(), rules, lateness);

        // A silence or an overdue first response that ended before this event is reported first, as the timer would
        // have done had event time moved on before the event was read (a replay, or a late timer).
        Silence.check(state, leadId, activity.occurredAtMillis, rules, detectedAt).ifPresent(out::collect);
        FirstResponse.check(state, leadId, activity.occurredAtMillis, rules, detectedAt).ifPresent(out::collect);

        switch (activity.type) {
            case LeadActivity.CLOSED -> {
                closed(state, activity, ctx);
                record.lead = null; // the event ids stay (until their own expiry), so a resent event cannot revive the lead
                forgetEventIdsLater(record, ctx);
                store(record);
                return;
            }
            case LeadActivity.REOPENED -> state = reopened(state, activity, ctx);
            case LeadActivity.CREATED -> created(state, activity, ctx);
            case LeadActivity.ASSIGNED -> assigned(state, activity, ctx);
            case LeadActivity.CONTENT_REACHED -> Activation.reached(state, activity, rules, detectedAt).forEach(out::collect);
            default -> {
                if (activity.isBy(Actor.CUSTOMER)) {
                    Activation.customerActed(state, activity, rules, detectedAt).forEach(out::collect);
                } else if (activity.isBy(Actor.REP)) {
                    repTouched(state, activity, ctx);
                }
            }
        }
        Silence.note(state, activity);
        wakeUpAtNextDeadline(state, rules, ctx);
        record.lead = state;
        records.update(record);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            forgetExpiredEventIds(timestamp, ctx);
            return;
        }
        LeadRecord record = records.value();
        LeadState state = record == null ? null : record.lead;
        if (state == null) {
            return;
        }
        if (timestamp == state.wakeUpMillis) {
            state.wakeUpMillis = LeadState.NONE;
        }
        if (timestamp >= expiry(state)) {
            if (state.open && state.repId != null) {
                ctx.output(LEAD_CHANGES, new LeadChange(state.repId, state.teamId, ctx.getCurrentKey(), Kind.RELEASED, timestamp));
            }
            record.lead = null;
            forgetEventIdsLater(record, ctx);
            store(record);
            return;
        }
        Rules rules = TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), state.teamId);
        long detectedAt = ctx.timerService().currentProcessingTime();
        Silence.check(state, ctx.getCurrentKey(), timestamp, rules, detectedAt).ifPresent(out::collect);
        FirstResponse.check(state, ctx.getCurrentKey(), timestamp, rules, detectedAt).ifPresent(out::collect);
        Activation.forget(state, timestamp, rules, lateness);
        wakeUpAtNextDeadline(state, rules, ctx);
        records.update(record);
    }

    @Override
    public void processBroadcastElement(TeamRules rules, Context ctx, Collector<Alert> out) throws Exception {
        TeamRulesBroadcast.apply(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rules);
    }

    /**
     * A released lead's event ids: those whose window has passed go now, the rest by a processing-time timer at the
     * first one's expiry. A lead that expires while event time keeps pace with the wall clock has been quiet for longer
     * than the window, so it leaves nothing; one that expires in a replay or a backlog keeps its fresh ids.
     */
    private void forgetEventIdsLater(LeadRecord record, ReadOnlyContext ctx) {
        if (record.seenEventIds == null) {
            return;
        }
        record.seenEventIds = SeenEventIds.forgetExpired(record.seenEventIds, ctx.timerService().currentProcessingTime(), idempotencyWindow);
        long next = SeenEventIds.nextExpiry(record.seenEventIds, idempotencyWindow);
        if (next != SeenEventIds.NONE) {
            ctx.timerService().registerProcessingTimeTimer(next);
        }
    }

    /**
     * The processing-time timer of a released lead's event ids: it lies at or before the oldest one's expiry. An event
     * with an id that brings the lead back deletes it. When it finds the lead alive anyway (brought back by a reach, or
     * restored from a checkpoint taken before the delete), it drops the expired ids and is not set again.
     */
    private void forgetExpiredEventIds(long nowMillis, OnTimerContext ctx) throws Exception {
        LeadRecord record = records.value();
        if (record == null || record.seenEventIds == null) {
            return;
        }
        if (record.lead == null) {
            forgetEventIdsLater(record, ctx);
        } else {
            record.seenEventIds = SeenEventIds.forgetExpired(record.seenEventIds, nowMillis, idempotencyWindow);
        }
        store(record);
    }

    /** Writes the record back, or releases it when it holds neither a lead nor an id. */
    private void store(LeadRecord record) throws Exception {
        if (record.isEmpty()) {
            records.clear();
        } else {
            records.update(record);
        }
    }

    private void created(LeadState state, LeadActivity created, ReadOnlyContext ctx) {
        state.open = true;
        if (state.repId == null && created.repId != null) {
            state.repId = created.repId;
            change(ctx, state, Kind.OPENED, created);
        }
    }

    private void assigned(LeadState state, LeadActivity assignment, ReadOnlyContext ctx) {
        if (assignment.repId == null) {
            return;
        }
        if (state.repId != null && !state.repId.equals(assignment.repId) && state.open) {
            change(ctx, state, Kind.RELEASED, assignment);
        }
        state.open = true;
        state.repId = assignment.repId;
        FirstResponse.assigned(state, assignment);
        change(ctx, state, Kind.ASSIGNED, assignment);
    }

    private void repTouched(LeadState state, LeadActivity touch, ReadOnlyContext ctx) {
        String rep = touch.repId != null ? touch.repId : state.repId;
        if (rep == null) {
            return;
        }
        if (rep.equals(state.repId) && FirstResponse.touched(state, touch)) {
            change(ctx, state, Kind.RESPONDED, touch);
        }
        ctx.output(LEAD_CHANGES, new LeadChange(rep, state.teamId, touch.leadId, Kind.FOLLOWED_UP, touch.occurredAtMillis));
    }

    private void closed(LeadState state, LeadActivity closing, ReadOnlyContext ctx) {
        if (state.open && state.repId != null) {
            change(ctx, state, Kind.RELEASED, closing);
        }
        if (state.wakeUpMillis != LeadState.NONE) {
            ctx.timerService().deleteEventTimeTimer(state.wakeUpMillis);
        }
    }

    private LeadState reopened(LeadState previous, LeadActivity reopening, ReadOnlyContext ctx) {
        if (previous.wakeUpMillis != LeadState.NONE) {
            ctx.timerService().deleteEventTimeTimer(previous.wakeUpMillis);
        }
        LeadState fresh = new LeadState();
        fresh.teamId = reopening.teamId != null ? reopening.teamId : previous.teamId;
        fresh.repId = reopening.repId != null ? reopening.repId : previous.repId;
        fresh.open = true;
        if (fresh.repId != null) {
            change(ctx, fresh, Kind.OPENED, reopening);
        }
        return fresh;
    }

    private long expiry(LeadState state) {
        return state.lastActivityMillis == LeadState.NONE ? LeadState.NONE : state.lastActivityMillis + stateTtl.toMillis();
    }

    private static void change(ReadOnlyContext ctx, LeadState state, Kind kind, LeadActivity cause) {
        ctx.output(LEAD_CHANGES, new LeadChange(state.repId, state.teamId, cause.leadId, kind, cause.occurredAtMillis));
    }

    /**
     * Keeps exactly one event-time timer per lead, at or before the earliest thing it waits for.
     *
     * <p>When that deadline moves later (every event on a lead moves its silence), the timer stays where it is rather
     * than being deleted and registered again, which on the heap backend is a removal and an insertion in the timer
     * queue per event (a fifth of the lead task's time in the throughput profile). The early timer then wakes the
     * lead before anything is due: {@link #onTimer} checks every rule against the state, finds nothing, and sets the
     * timer again at the real deadline. That cannot change an alert: every rule fires from the deadline it reads in
     * the state, never from the time of the timer, and a timer set again at or before the watermark fires in the same
     * watermark advance. A deadline that moves earlier (a new assignment's first response) moves the timer.
     *
     * <p>Forgetting activation candidates is not a deadline: the lead forgets them at its next event (before matching
     * it, by the watermark) or wake-up, which gives the same matches as a wake-up at each candidate's end and saves
     * two of the five wake-ups a lead had in the throughput benchmark. The candidates are bounded
     * ({@code Activation.REACHES_KEPT}, {@code CUSTOMER_ACTS_KEPT}) while they wait.
     */
    private void wakeUpAtNextDeadline(LeadState state, Rules rules, ReadOnlyContext ctx) {
        long next = LeadState.earliest(Silence.deadline(state, rules), FirstResponse.deadline(state, rules));
        next = LeadState.earliest(next, expiry(state));
        if (state.wakeUpMillis != LeadState.NONE && (next == LeadState.NONE || next >= state.wakeUpMillis)) {
            return;
        }
        if (state.wakeUpMillis != LeadState.NONE) {
            ctx.timerService().deleteEventTimeTimer(state.wakeUpMillis);
        }
        if (next != LeadState.NONE) {
            ctx.timerService().registerEventTimeTimer(next);
        }
        state.wakeUpMillis = next;
    }
}
