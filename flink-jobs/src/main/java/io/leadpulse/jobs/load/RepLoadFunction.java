package io.leadpulse.jobs.load;

import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.RepLoad;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
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

    private final Duration stateTtl;
    private transient MapState<String, Boolean> awaitingByLead;
    private transient ValueState<RepLoadState> counts;

    /** @param stateTtl a rep without any change for this long is forgotten */
    public RepLoadFunction(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(stateTtl).build();
        MapStateDescriptor<String, Boolean> leads = new MapStateDescriptor<>("open-leads", Types.STRING, Types.BOOLEAN);
        leads.enableTimeToLive(ttl);
        awaitingByLead = getRuntimeContext().getMapState(leads);
        ValueStateDescriptor<RepLoadState> countsDescriptor = new ValueStateDescriptor<>("rep-load", TypeInformation.of(RepLoadState.class));
        countsDescriptor.enableTimeToLive(ttl);
        counts = getRuntimeContext().getState(countsDescriptor);
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
                rep.assignments.add(change.atMillis);
                ctx.timerService().registerEventTimeTimer(change.atMillis + RepLoads.ASSIGNMENT_WINDOW.toMillis());
            }
            case RESPONDED -> {
                if (Boolean.TRUE.equals(awaiting)) {
                    awaitingByLead.put(change.leadId, false);
                    rep.awaitingFirstResponse--;
                }
            }
            case FOLLOWED_UP -> {
                rep.followUps.add(change.atMillis);
                ctx.timerService().registerEventTimeTimer(change.atMillis + RepLoads.FOLLOW_UP_WINDOW.toMillis());
            }
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
        rep.updatedAtMillis = Math.max(rep.updatedAtMillis, change.atMillis);
        RepLoads.expire(rep, ctx.timerService().currentWatermark());
        publish(ctx.getCurrentKey(), rep, TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rep.teamId),
                ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RepLoad> out) throws Exception {
        RepLoadState rep = counts.value();
        if (rep == null) {
            return;
        }
        RepLoads.expire(rep, timestamp);
        rep.updatedAtMillis = Math.max(rep.updatedAtMillis, timestamp);
        publish(ctx.getCurrentKey(), rep, TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rep.teamId),
                ctx, out);
    }

    @Override
    public void processBroadcastElement(TeamRules rules, Context ctx, Collector<RepLoad> out) throws Exception {
        TeamRulesBroadcast.apply(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rules);
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

    private void publish(String repId, RepLoadState rep, Rules rules, ReadOnlyContext ctx, Collector<RepLoad> out) throws Exception {
        RepLoad load = RepLoads.load(repId, rep, rules);
        RepLoads.crossing(repId, rep, load, ctx.timerService().currentProcessingTime()).ifPresent(alert -> ctx.output(REP_ALERTS, alert));
        String content = RepLoads.contentOf(load);
        if (!content.equals(rep.lastWritten)) {
            rep.lastWritten = content;
            out.collect(load);
        }
        counts.update(rep);
    }
}
