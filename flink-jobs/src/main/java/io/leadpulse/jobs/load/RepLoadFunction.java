package io.leadpulse.jobs.load;

import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.RepLoad;
import io.leadpulse.schemas.v1.TeamRules;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The live load of one rep (the key), from the changes of the rep's leads: emits the rep's {@link RepLoad} whenever
 * it changes, also when a follow-up or an assignment leaves its window with nothing else happening, and
 * {@code rep.overloaded} alerts to {@link #REP_ALERTS}. {@code updatedAt} is event time, so Redis can keep the newest.
 */
public final class RepLoadFunction extends KeyedBroadcastProcessFunction<String, LeadChange, TeamRules, RepLoad> {
    public static final OutputTag<Alert> REP_ALERTS = new OutputTag<>("rep-alerts", new AvroTypeInfo<>(Alert.class));

    private transient MapState<String, Boolean> awaitingByLead;
    private transient ValueState<RepLoadState> counts;

    @Override
    public void open(OpenContext openContext) {
        // No time-to-live here: a lead leaves its rep's load only by a RELEASED change (closed, handed over, or
        // expired by the lead's own function), so the map and the counts can never disagree.
        awaitingByLead = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-leads", Types.STRING, Types.BOOLEAN));
        counts = getRuntimeContext().getState(new ValueStateDescriptor<>("rep-load", TypeInformation.of(RepLoadState.class)));
    }

    @Override
    public void processElement(LeadChange change, ReadOnlyContext ctx, Collector<RepLoad> out) throws Exception {
        RepLoadState rep = counts.value();
        if (rep == null) {
            rep = new RepLoadState();
        }
        if (change.teamId != null) {
            rep.teamId = change.teamId;
        }
        Boolean awaiting = awaitingByLead.get(change.leadId);
        switch (change.kind) {
            case OPENED -> open(change.leadId, awaiting, false, rep);
            case ASSIGNED -> {
                open(change.leadId, awaiting, true, rep);
                RepLoads.assigned(rep, change.atMillis);
            }
            case RESPONDED -> {
                if (Boolean.TRUE.equals(awaiting)) {
                    awaitingByLead.put(change.leadId, false);
                    rep.awaitingFirstResponse--;
                }
            }
            case FOLLOWED_UP -> RepLoads.followedUp(rep, change.atMillis);
            case RELEASED -> {
                if (awaiting != null) {
                    awaitingByLead.remove(change.leadId);
                    rep.openLeads--;
                    if (awaiting) {
                        rep.awaitingFirstResponse--;
                    }
                }
            }
        }
        long lastLeft = RepLoads.expire(rep, ctx.timerService().currentWatermark());
        rep.updatedAtMillis = Math.max(rep.updatedAtMillis, Math.max(change.atMillis, lastLeft));
        wakeUpAtNextExpiry(rep, ctx.timerService());
        publish(ctx.getCurrentKey(), rep, change.atMillis,
                TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rep.teamId), ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RepLoad> out) throws Exception {
        RepLoadState rep = counts.value();
        if (rep == null) {
            return;
        }
        if (timestamp >= rep.expiryTimerMillis) {
            rep.expiryTimerMillis = RepLoads.NONE; // this is the rep's timer (or one before it): none is pending now
        }
        // Everything that has left its window by now goes at once: when event time leaps (a replay, a backlog), the
        // rep wakes once for the leap, not once for each follow-up in it, and its load is dated by the last to leave.
        long lastLeft = RepLoads.expire(rep, ctx.timerService().currentWatermark());
        rep.updatedAtMillis = Math.max(rep.updatedAtMillis, lastLeft);
        wakeUpAtNextExpiry(rep, ctx.timerService());
        publish(ctx.getCurrentKey(), rep, timestamp,
                TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rep.teamId), ctx, out);
    }

    @Override
    public void processBroadcastElement(TeamRules rules, Context ctx, Collector<RepLoad> out) throws Exception {
        TeamRulesBroadcast.apply(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rules);
    }

    /**
     * Keeps a timer for the rep's windows at or before the next time something leaves one. A timer that is still
     * pending stays if the next expiry is later (it wakes the rep early, which then sets the real one) and is joined
     * by an earlier one if a late change made the next expiry earlier. Whether one is pending is kept in the state,
     * beside the timers it describes, and not judged by the watermark, which starts again from nothing after a restart.
     */
    private static void wakeUpAtNextExpiry(RepLoadState rep, TimerService timers) {
        long next = RepLoads.nextExpiry(rep);
        boolean pending = rep.expiryTimerMillis != RepLoads.NONE;
        if (next != RepLoads.NONE && (!pending || next < rep.expiryTimerMillis)) {
            timers.registerEventTimeTimer(next);
            rep.expiryTimerMillis = next;
        }
    }

    private void open(String leadId, Boolean wasAwaiting, boolean awaitsFirstResponse, RepLoadState rep) throws Exception {
        if (wasAwaiting == null) {
            rep.openLeads++;
        } else if (wasAwaiting) {
            rep.awaitingFirstResponse--;
        }
        if (awaitsFirstResponse) {
            rep.awaitingFirstResponse++;
        }
        awaitingByLead.put(leadId, awaitsFirstResponse);
    }

    /** @param causeMillis the event time of what changed the load: it names an overload crossing */
    private void publish(String repId, RepLoadState rep, long causeMillis, Rules rules, ReadOnlyContext ctx,
                         Collector<RepLoad> out) throws Exception {
        RepLoad load = RepLoads.load(repId, rep, rules);
        RepLoads.crossing(repId, rep, load, causeMillis, ctx.timerService().currentProcessingTime()).ifPresent(alert -> ctx.output(REP_ALERTS, alert));
        String content = RepLoads.contentOf(load);
        if (!content.equals(rep.lastWritten)) {
            rep.lastWritten = content;
            out.collect(load);
        }
        counts.update(rep);
    }
}
