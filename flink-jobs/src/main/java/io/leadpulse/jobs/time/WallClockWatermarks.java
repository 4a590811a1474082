package io.leadpulse.jobs.time;

import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Event time for a stream of settings rather than events (the teams' rules): the wall clock minus the allowed
 * disorder, whatever the records' own times. A detector's event time is the lowest of its inputs', so such a stream
 * never holds the detectors back (rules written days ago and read again at a first start would otherwise have counted
 * as a backlog, and held every detector at their time for {@link WallClockAwareWatermarks#CATCH_UP_PAUSE}), and never
 * moves them past a replay's events either. Its records take effect when they arrive.
 */
public final class WallClockWatermarks<T> implements WatermarkStrategy<T> {
    private final long disorderMillis;
    private final SerializableSupplier<Clock> clock;

    private WallClockWatermarks(Duration disorder, SerializableSupplier<Clock> clock) {
        this.disorderMillis = disorder.toMillis();
        this.clock = clock;
    }

    public static <T> WallClockWatermarks<T> of(Duration disorder) {
        return new WallClockWatermarks<>(disorder, Clock::systemUTC);
    }

    /** The same strategy reading another clock (tests). */
    public WallClockWatermarks<T> withClock(SerializableSupplier<Clock> otherClock) {
        return new WallClockWatermarks<>(Duration.ofMillis(disorderMillis), otherClock);
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        Clock wallClock = clock.get();
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(wallClock.millis() - disorderMillis));
            }
        };
    }
}
