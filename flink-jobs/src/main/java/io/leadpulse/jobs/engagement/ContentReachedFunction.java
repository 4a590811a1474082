package io.leadpulse.jobs.engagement;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Emits {@code content.reached} for each counted click of one visitor on one link (the key). It remembers when the
 * last counted click happened and forgets it once the repeat window has passed in event time.
 */
public final class ContentReachedFunction extends KeyedProcessFunction<String, Click, Alert> {
    private final Duration repeatWindow;
    private transient ValueState<Long> lastCountedMillis;

    public ContentReachedFunction(Duration repeatWindow) {
        this.repeatWindow = repeatWindow;
    }

    @Override
    public void open(OpenContext openContext) {
        lastCountedMillis = getRuntimeContext().getState(new ValueStateDescriptor<>("lastCountedMillis", Types.LONG));
    }

    @Override
    public void processElement(Click click, Context ctx, Collector<Alert> out) throws Exception {
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
        // A later counted click may have moved the window on; only forget a window that has really ended.
        Long last = lastCountedMillis.value();
        if (last != null && last + repeatWindow.toMillis() <= timestamp) {
            lastCountedMillis.clear();
        }
    }
}
