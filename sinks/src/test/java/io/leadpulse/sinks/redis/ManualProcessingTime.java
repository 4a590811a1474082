package io.leadpulse.sinks.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/** A task's processing time that stands still until a test moves it, firing the timers that came due. */
final class ManualProcessingTime implements ProcessingTimeService {
    private record Timer(long at, ProcessingTimeCallback callback) {
    }

    private final List<Timer> timers = new ArrayList<>();
    private long now;

    @Override
    public long getCurrentProcessingTime() {
        return now;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
        timers.add(new Timer(timestamp, target));
        return null;
    }

    /** How many timers wait to fire. */
    int pendingTimers() {
        return timers.size();
    }

    /** Moves the clock on and fires, in order, every timer due by then. */
    void advanceBy(long millis) throws Exception {
        now += millis;
        List<Timer> due = timers.stream().filter(t -> t.at() <= now).sorted((a, b) -> Long.compare(a.at(), b.at())).toList();
        timers.removeAll(due);
        for (Timer timer : due) {
            timer.callback().onProcessingTime(timer.at());
        }
    }
}
