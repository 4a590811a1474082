package io.leadpulse.jobs.dwell;

import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums the visible time of one click (the key) and emits {@code lead.deep_read} once when it reaches the team's rule.
 * A beacon's {@code (click, sequence)} counts once, however often it is delivered. The click's counts are released
 * when it is reported, or a reading session after its first beacon; that it was reported is kept for the idempotency
 * window after the session, so a late or resent beacon cannot report the same click twice, and the beacons of a
 * reader who stays on the page after the report cost one state lookup each. All of it is one {@link Reading} per click.
 */
public final class DeepReadFunction extends KeyedBroadcastProcessFunction<String, DwellBeacon, TeamRules, Alert> {
    private final Duration readingSession;
    private final Duration idempotencyWindow;
    private transient ValueState<Reading> reading;

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
        reading = getRuntimeContext().getState(new ValueStateDescriptor<>("reading", TypeInformation.of(Reading.class)));
    }

    @Override
    public void processElement(DwellBeacon beacon, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Reading click = reading.value();
        if (click == null) {
            click = new Reading();
        }
        if (click.alerted || click.counted(beacon.getSequence())) {
            return; // a reported click has nothing more to report (nor state to write); a sequence counts once
        }
        if (!click.inSession) {
            click.inSession = true;
            ctx.timerService().registerEventTimeTimer(beacon.getOccurredAt().toEpochMilli() + readingSession.toMillis());
        }
        click.count(beacon.getSequence(), DeepRead.visibleMillis(beacon));
        Duration deepRead = TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), beacon.getTeamId()).deepRead();
        if (DeepRead.reached(click.visibleMillis, deepRead)) {
            out.collect(DeepRead.alert(beacon, click.visibleMillis, ctx.timerService().currentProcessingTime()));
            click.reported();
        }
        reading.update(click);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Reading click = reading.value();
        if (click == null || !click.inSession || !click.alerted) {
            reading.clear(); // the session ended unreported, or the idempotency window after a reported one is over
            return;
        }
        click.endSession();
        reading.update(click);
        ctx.timerService().registerEventTimeTimer(timestamp + idempotencyWindow.toMillis());
    }

    @Override
    public void processBroadcastElement(TeamRules rules, Context ctx, Collector<Alert> out) throws Exception {
        TeamRulesBroadcast.apply(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rules);
    }
}
