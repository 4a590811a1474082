package io.leadpulse.jobs.engagement;

import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Emits {@code content.reached} for each counted click of one visitor on one link (the key). It remembers when the
 * last counted click happened and forgets it once the team's repeat window ({@code duplicateClickWindowSeconds})
 * has passed in event time.
 */
public final class ContentReachedFunction extends KeyedBroadcastProcessFunction<String, Click, TeamRules, Alert> {
    private transient ValueState<Long> lastCountedMillis;

    @Override
    public void open(OpenContext openContext) {
        lastCountedMillis = getRuntimeContext().getState(new ValueStateDescriptor<>("lastCountedMillis", Types.LONG));
    }

    @Override
    public void processElement(Click click, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Duration repeatWindow = TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), click.getTeamId())
                .duplicateClickWindow();
        Long last = lastCountedMillis.value();
        Instant lastCounted = last == null ? null : Instant.ofEpochMilli(last);
        if (ContentReached.judge(click, lastCounted, repeatWindow) != ContentReached.Verdict.REACHED) {
            return;
        }
        long clickMillis = click.getOccurredAt().toEpochMilli();
        lastCountedMillis.update(clickMillis);
        ctx.timerService().registerEventTimeTimer(clickMillis + repeatWindow.toMillis());
        out.collect(ContentReached.alert(click, Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        // Only the latest counted click's timer lies after it: a counted click comes a whole window after the one
        // before, so older timers fire at or before it. Whatever the window was when the timer was set, the window of
        // the latest counted click has ended when its own timer fires.
        Long last = lastCountedMillis.value();
        if (last != null && timestamp > last) {
            lastCountedMillis.clear();
        }
    }

    @Override
    public void processBroadcastElement(TeamRules rules, Context ctx, Collector<Alert> out) throws Exception {
        TeamRulesBroadcast.apply(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rules);
    }
}
