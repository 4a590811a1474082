package io.leadpulse.jobs.dwell;

import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums the visible time of one click (the key) and emits {@code lead.deep_read} once when it reaches the team's rule.
 * A beacon's {@code (click, sequence)} counts once, however often it is delivered. The click's counts are released a
 * reading session after its first beacon; that it was reported is kept for the idempotency window after that, so a
 * late or resent beacon cannot report the same click twice.
 */
public final class DeepReadFunction extends KeyedBroadcastProcessFunction<String, DwellBeacon, TeamRules, Alert> {
    private final Duration readingSession;
    private final Duration idempotencyWindow;
    private transient ValueState<Long> visibleMillis;
    private transient MapState<Long, Boolean> countedSequences;
    private transient ValueState<Boolean> alerted;

    /**
     * @param readingSession    how long after its first beacon a click can still add reading time
     * @param idempotencyWindow how long after the session a reported click stays reported
     */
    public DeepReadFunction(Duration readingSession, Duration idempotencyWindow) {
        this.readingSession = readingSession;
        this.idempotencyWindow = idempotencyWindow;
    }

    @Override
    public void open(OpenContext openContext) {
        visibleMillis = getRuntimeContext().getState(new ValueStateDescriptor<>("visible-millis", Types.LONG));
        countedSequences = getRuntimeContext().getMapState(new MapStateDescriptor<>("counted-sequences", Types.LONG, Types.BOOLEAN));
        alerted = getRuntimeContext().getState(new ValueStateDescriptor<>("alerted", Types.BOOLEAN));
    }

    @Override
    public void processElement(DwellBeacon beacon, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Long before = visibleMillis.value();
        boolean wasAlerted = alerted.value() != null;
        if (countedSequences.contains(beacon.getSequence()) || (before == null && wasAlerted)) {
            return;
        }
        countedSequences.put(beacon.getSequence(), Boolean.TRUE);
        if (before == null) {
            before = 0L;
            ctx.timerService().registerEventTimeTimer(beacon.getOccurredAt().toEpochMilli() + readingSession.toMillis());
        }
        long after = before + DeepRead.visibleMillis(beacon);
        visibleMillis.update(after);
        Duration deepRead = TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), beacon.getTeamId()).deepRead();
        if (!wasAlerted && DeepRead.reached(after, deepRead)) {
            alerted.update(Boolean.TRUE);
            out.collect(DeepRead.alert(beacon, after, ctx.timerService().currentProcessingTime()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (visibleMillis.value() == null) {
            alerted.clear(); // the idempotency window is over too
            return;
        }
        visibleMillis.clear();
        countedSequences.clear();
        if (alerted.value() != null) {
            ctx.timerService().registerEventTimeTimer(timestamp + idempotencyWindow.toMillis());
        }
    }

    @Override
    public void processBroadcastElement(TeamRules rules, Context ctx, Collector<Alert> out) throws Exception {
        TeamRulesBroadcast.apply(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rules);
    }
}
