package io.leadpulse.jobs.engagement;

import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Emits {@code content.reached} for each counted click on one link (the key, {@link ContentReached#linkOf}): it
 * remembers when each visitor's last counted click on the link happened, until the team's repeat window
 * ({@code duplicateClickWindowSeconds}) has passed in event time.
 *
 * <p>Visitors are swept out by timers on whole minutes, shared by all the visitors of the link whose windows end in
 * the same minute, rather than by a timer per visitor: nearly every click is a new visitor, and a timer per visitor
 * doubled what every checkpoint writes (the timer queue holds the key again) and cost a RocksDB write per click. A
 * visitor whose window ended before the sweep came is already forgotten when their next click is judged (by the
 * watermark, as a timer at the end of the window would have done), so the sweep's minute changes no count.
 *
 * <p>The link remembers the newest sweep it set that has not come yet, and sets it only when a click needs another:
 * the clicks of a minute share one, and on RocksDB each setting costs a serialised timer, a sorted cache and a write
 * (18 % of the task's samples at 5,000 clicks/s before), against one read of this value.
 *
 * <p>Visitors are remembered by number ({@link ContentReached#visitorKeyOf}), not by their id: the state holds up
 * to a repeat window of new visitors (9 million at 5,000 a second for 30 minutes), and every heap checkpoint writes all
 * of them.
 */
public final class ContentReachedFunction extends KeyedBroadcastProcessFunction<String, Click, TeamRules, Alert> {
    static final long SWEEP_EVERY_MILLIS = Duration.ofMinutes(1).toMillis();

    private transient MapState<Long, Long> lastCountedByVisitor;
    private transient ValueState<Long> pendingSweep;

    @Override
    public void open(OpenContext openContext) {
        lastCountedByVisitor = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("last-counted-by-visitor-key", Types.LONG, Types.LONG));
        pendingSweep = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-sweep", Types.LONG));
    }

    @Override
    public void processElement(Click click, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        long repeatWindow = repeatWindow(ctx, click.getTeamId()).toMillis();
        long visitor = ContentReached.visitorKeyOf(click);
        Long last = lastCountedByVisitor.get(visitor);
        if (last != null && last + repeatWindow <= ctx.timerService().currentWatermark()) {
            last = null; // its window is over; the sweep has not come yet
        }
        Instant lastCounted = last == null ? null : Instant.ofEpochMilli(last);
        if (ContentReached.judge(click, lastCounted, Duration.ofMillis(repeatWindow)) != ContentReached.Verdict.REACHED) {
            return;
        }
        long clickMillis = click.getOccurredAt().toEpochMilli();
        lastCountedByVisitor.put(visitor, clickMillis);
        sweepAt(sweepAfter(clickMillis + repeatWindow), ctx.timerService());
        out.collect(ContentReached.alert(click, Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
    }

    /** Forgets the visitors whose window is over, by the team's window now; sets a sweep for any it had to keep. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long repeatWindow = repeatWindow(ctx, ContentReached.teamOfLink(ctx.getCurrentKey())).toMillis();
        long nextEnd = Long.MAX_VALUE;
        Iterator<Map.Entry<Long, Long>> visitors = lastCountedByVisitor.iterator();
        while (visitors.hasNext()) {
            long end = visitors.next().getValue() + repeatWindow;
            if (end <= timestamp) {
                visitors.remove();
            } else {
                nextEnd = Math.min(nextEnd, end);
            }
        }
        if (nextEnd == Long.MAX_VALUE) {
            lastCountedByVisitor.clear(); // removing through the iterator leaves an empty map behind
            pendingSweep.clear();
        } else {
            // Kept visitors have a sweep of their own unless the window grew since they were counted: set it either way.
            sweepAt(sweepAfter(nextEnd), ctx.timerService());
        }
    }

    /** Sets a sweep at this time unless it is the one already pending (the newest set, which has not come yet). */
    private void sweepAt(long sweep, TimerService timers) throws Exception {
        Long pending = pendingSweep.value();
        if (pending == null || pending != sweep) {
            timers.registerEventTimeTimer(sweep);
            pendingSweep.update(sweep);
        }
    }

    @Override
    public void processBroadcastElement(TeamRules rules, Context ctx, Collector<Alert> out) throws Exception {
        TeamRulesBroadcast.apply(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rules);
    }

    private static Duration repeatWindow(ReadOnlyContext ctx, String teamId) throws Exception {
        return TeamRulesBroadcast.forTeam(ctx.getBroadcastState(TeamRulesBroadcast.RULES), teamId).duplicateClickWindow();
    }

    /** The first whole minute at or after the end of a window: the sweep that forgets it. */
    static long sweepAfter(long windowEndMillis) {
        return Math.floorDiv(windowEndMillis + SWEEP_EVERY_MILLIS - 1, SWEEP_EVERY_MILLIS) * SWEEP_EVERY_MILLIS;
    }
}
