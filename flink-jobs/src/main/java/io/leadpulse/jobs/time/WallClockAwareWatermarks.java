package io.leadpulse.jobs.time;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Event time that keeps moving when nothing arrives. While a Kafka partition delivers records, its watermark follows
 * the records' timestamps (minus the allowed disorder), exactly as in a replay of history; once it has delivered
 * nothing for {@code idleAfter}, its watermark follows the wall clock (minus the same disorder). So a silence timer
 * fires on time on a quiet night, and replaying recorded events, which keeps every partition busy, walks through the
 * same event time as the live run did and gives the same alerts. Before its first record a partition waits
 * {@code startupGrace} (longer than a consumer needs to fetch) before it follows the clock, so a replay that starts
 * slowly is not mistaken for a quiet topic. A partition whose newest record is older than {@link #LIVE_LAG} is
 * catching up on history (a replay, or a backlog after an outage): when it pauses, that is backpressure, not a quiet
 * topic, so it follows the clock only after {@link #CATCH_UP_PAUSE} without records.
 *
 * <p>Flink asks a source subtask for one generator more than it has partitions: its first is for the subtask's own
 * output, which the Kafka source never writes to. A subtask's event time is the higher of that output's watermark and
 * the lowest of its partitions'. That generator follows the clock (after its startup grace) only while every
 * partition of the subtask that has delivered is live: then the subtask keeps up with the clock even where records
 * come seconds apart (each partition alone trails its newest record until {@code idleAfter} of quiet, and a silence
 * timer would fire that much late). While any partition catches up on history it stays silent: up to session 12 it
 * followed the clock after its grace whatever the partitions did, and event time jumped to now in any replay or
 * backlog that took longer than the grace (a replay of a million leads lost half of its activations that way). A
 * subtask that has been given no partition by the end of its startup grace (more subtasks than partitions) counts as
 * idle, which holds no other subtask back and leaves no watermark behind; its first partition makes it active again.
 * A partition whose split has finished keeps its last state here: the job's sources are either unbounded without end
 * or bounded, which ends with the end of event time.
 *
 * <p>Why not processing-time timers: they would fire at once for every replayed lead whose next event is still
 * further down the topic, and a replay would alert what the live run never did. Why not plain bounded disorder plus
 * idleness: an idle input is only ignored, it never moves event time, and a quiet system would never fire.
 */
public final class WallClockAwareWatermarks<T> implements WatermarkStrategy<T> {
    /** A partition whose newest record is at most this far behind the clock is live. */
    public static final Duration LIVE_LAG = Duration.ofMinutes(1);
    /** How long a partition catching up on old records may pause (backpressure) before it counts as quiet. */
    public static final Duration CATCH_UP_PAUSE = Duration.ofMinutes(5);

    private final Duration disorder;
    private final Duration idleAfter;
    private final Duration startupGrace;
    private final TimestampAssignerSupplier<T> timestamps;
    private final SerializableSupplier<Clock> clock;
    /** The generators made so far: Flink deserialises a strategy for each source subtask, which makes them all. */
    private transient Outputs outputs;

    private WallClockAwareWatermarks(Duration disorder, Duration idleAfter, Duration startupGrace,
                                     TimestampAssignerSupplier<T> timestamps, SerializableSupplier<Clock> clock) {
        this.disorder = disorder;
        this.idleAfter = idleAfter;
        this.startupGrace = startupGrace;
        this.timestamps = timestamps;
        this.clock = clock;
    }

    /**
     * @param disorder  how late a record may arrive behind the newest one and still be on time
     * @param idleAfter how long a partition must be silent before its event time follows the wall clock
     * @param startupGrace how long a partition that has delivered nothing yet waits before following the clock
     * @param timestamp a record's event time in epoch millis
     */
    public static <T> WallClockAwareWatermarks<T> of(Duration disorder, Duration idleAfter, Duration startupGrace,
                                                     SerializableTimestamp<T> timestamp) {
        return new WallClockAwareWatermarks<>(disorder, idleAfter, startupGrace,
                context -> (TimestampAssigner<T>) (record, kafkaTimestamp) -> timestamp.millisOf(record, kafkaTimestamp),
                Clock::systemUTC);
    }

    /** The same strategy reading another clock (tests). */
    public WallClockAwareWatermarks<T> withClock(SerializableSupplier<Clock> otherClock) {
        return new WallClockAwareWatermarks<>(disorder, idleAfter, startupGrace, timestamps, otherClock);
    }

    /** A record's event time; {@code kafkaTimestamp} is the time Kafka stored with the record. */
    @FunctionalInterface
    public interface SerializableTimestamp<T> extends java.io.Serializable {
        long millisOf(T record, long kafkaTimestamp);
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return timestamps.createTimestampAssigner(context);
    }

    /**
     * The first generator is the subtask's own output's ({@code ProgressiveTimestampsAndWatermarks.createMainOutput}
     * makes it before any partition's), every later one a partition's.
     */
    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        boolean subtasksOwn = outputs == null;
        if (subtasksOwn) {
            outputs = new Outputs();
        }
        Generator<T> generator = new Generator<>(disorder.toMillis(), idleAfter.toMillis(), startupGrace.toMillis(), clock.get(),
                subtasksOwn ? outputs : null);
        if (!subtasksOwn) {
            outputs.partitions.add(generator);
        }
        return generator;
    }

    /** The generators one source subtask has made: its own output's first, then one per partition. */
    static final class Outputs {
        private final List<Generator<?>> partitions = new ArrayList<>();

        boolean hasPartitions() {
            return !partitions.isEmpty();
        }

        /** Whether some partition has delivered and every one that has is live (none is catching up on history). */
        boolean allLive() {
            boolean delivered = false;
            for (Generator<?> partition : partitions) {
                if (partition.newestEventMillis != Long.MIN_VALUE) {
                    if (partition.newestLagMillis > LIVE_LAG.toMillis()) {
                        return false;
                    }
                    delivered = true;
                }
            }
            return delivered;
        }
    }

    static final class Generator<T> implements WatermarkGenerator<T> {
        private final long disorderMillis;
        private final long idleAfterMillis;
        private final long startupGraceMillis;
        private final Clock clock;
        /** Set for the subtask's own output: the other outputs of its subtask. */
        private final Outputs partitionsBeside;
        private long newestEventMillis = Long.MIN_VALUE;
        private long lastRecordWallMillis;
        private long newestLagMillis;
        private long emitted = Long.MIN_VALUE;
        private boolean markedIdle;

        Generator(long disorderMillis, long idleAfterMillis, long startupGraceMillis, Clock clock, Outputs partitionsBeside) {
            this.disorderMillis = disorderMillis;
            this.idleAfterMillis = idleAfterMillis;
            this.startupGraceMillis = startupGraceMillis;
            this.clock = clock;
            this.partitionsBeside = partitionsBeside;
            this.lastRecordWallMillis = clock.millis();
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            newestEventMillis = Math.max(newestEventMillis, eventTimestamp);
            lastRecordWallMillis = clock.millis();
            newestLagMillis = lastRecordWallMillis - newestEventMillis;
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (newestEventMillis == Long.MIN_VALUE && partitionsBeside != null) {
                subtasksOwn(output);
                return;
            }
            long now = clock.millis();
            long quietFor = now - lastRecordWallMillis;
            long quietEnough = newestEventMillis == Long.MIN_VALUE ? startupGraceMillis
                    : newestLagMillis <= LIVE_LAG.toMillis() ? idleAfterMillis : CATCH_UP_PAUSE.toMillis();
            boolean idle = quietFor >= quietEnough;
            long basis = idle ? Math.max(newestEventMillis, now) : newestEventMillis;
            if (basis == Long.MIN_VALUE) {
                return;
            }
            long watermark = basis - disorderMillis;
            if (watermark > emitted) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }

        /**
         * The subtask's own output, which the Kafka source never writes to: the clock while every partition that has
         * delivered is live, nothing while one catches up, idle while the subtask has no partition at all.
         */
        private void subtasksOwn(WatermarkOutput output) {
            long now = clock.millis();
            if (now - lastRecordWallMillis < startupGraceMillis) {
                return;
            }
            if (!partitionsBeside.hasPartitions()) {
                if (!markedIdle) {
                    markedIdle = true;
                    output.markIdle();
                }
                return;
            }
            if (partitionsBeside.allLive() && now - disorderMillis > emitted) {
                emitted = now - disorderMillis;
                output.emitWatermark(new Watermark(emitted));
            }
        }
    }
}
