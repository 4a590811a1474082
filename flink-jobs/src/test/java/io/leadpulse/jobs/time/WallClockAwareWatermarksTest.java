package io.leadpulse.jobs.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WallClockAwareWatermarksTest {
    private static final Duration DISORDER = Duration.ofSeconds(1);
    private static final Duration IDLE_AFTER = Duration.ofSeconds(5);
    private static final Duration STARTUP_GRACE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-11-22T09:30:00Z");
    private static final Instant LAST_YEAR = NOW.minus(Duration.ofDays(365));

    private final TestClock clock = new TestClock(NOW);
    private final Watermarks watermarks = new Watermarks();
    private final Watermarks subtaskWatermarks = new Watermarks();
    /** A source subtask's own output: Flink makes its generator first, then one per partition. */
    private WatermarkGenerator<Long> subtasksOwn;
    /** A partition's (the tests below are about partitions unless they say otherwise). */
    private WatermarkGenerator<Long> generator;

    /** The strategy of the subtask the generators above belong to (Flink deserialises one per source subtask). */
    private WallClockAwareWatermarks<Long> strategyOfThisSubtask;

    @BeforeEach
    void create() {
        strategyOfThisSubtask = strategy();
        subtasksOwn = strategyOfThisSubtask.createWatermarkGenerator(null);
        generator = strategyOfThisSubtask.createWatermarkGenerator(null);
    }

    private WallClockAwareWatermarks<Long> strategy() {
        return WallClockAwareWatermarks.<Long>of(DISORDER, IDLE_AFTER, STARTUP_GRACE, (record, kafkaTimestamp) -> record)
                .withClock(() -> clock);
    }

    @Test
    void aRecordsEventTimeIsWhatTheTimestampFunctionReads() {
        WallClockAwareWatermarks<Long> strategy = WallClockAwareWatermarks.of(DISORDER, IDLE_AFTER, STARTUP_GRACE,
                (Long record, long kafkaTimestamp) -> record + 7);

        assertThat(strategy.createTimestampAssigner(null).extractTimestamp(100L, 5L)).isEqualTo(107L);
    }

    @Test
    void aBusyPartitionFollowsTheNewestRecordMinusTheDisorder() {
        record(NOW.minusSeconds(60));
        emit();
        record(NOW.minusSeconds(50));
        record(NOW.minusSeconds(55));
        clock.advance(Duration.ofMillis(200));
        emit();

        assertThat(watermarks.emitted).containsExactly(
                NOW.minusSeconds(60).minus(DISORDER), NOW.minusSeconds(50).minus(DISORDER));
    }

    @Test
    void aReplayOfOldRecordsIgnoresTheWallClock() {
        for (int i = 0; i < 60; i++) {
            record(LAST_YEAR.plusSeconds(10L * i));
            clock.advance(Duration.ofSeconds(2));
            emit();
        }

        assertThat(watermarks.emitted).hasSize(60).allMatch(watermark -> watermark.isBefore(LAST_YEAR.plus(Duration.ofHours(1))));
        assertThat(watermarks.latest()).isEqualTo(LAST_YEAR.plusSeconds(590).minus(DISORDER));
    }

    @Test
    void aPartitionQuietForIdleAfterFollowsTheWallClockMinusTheDisorder() {
        record(NOW.minusSeconds(10));
        clock.advance(IDLE_AFTER.minusMillis(1));
        emit();
        assertThat(watermarks.latest()).isEqualTo(NOW.minusSeconds(10).minus(DISORDER));

        clock.advance(Duration.ofMillis(1));
        emit();
        assertThat(watermarks.latest()).isEqualTo(NOW.plus(IDLE_AFTER).minus(DISORDER));

        clock.advance(Duration.ofHours(3));
        emit();
        assertThat(watermarks.latest()).isEqualTo(NOW.plus(IDLE_AFTER).plus(Duration.ofHours(3)).minus(DISORDER));
    }

    @Test
    void aPartitionCatchingUpOnOldRecordsThatPausesUnderBackpressureKeepsFollowingItsRecords() {
        record(NOW.minus(Duration.ofDays(1)));
        clock.advance(WallClockAwareWatermarks.CATCH_UP_PAUSE.minusMillis(1));
        emit();
        assertThat(watermarks.latest()).isEqualTo(NOW.minus(Duration.ofDays(1)).minus(DISORDER));

        clock.advance(Duration.ofMillis(1));
        emit();
        assertThat(watermarks.latest()).isEqualTo(NOW.plus(WallClockAwareWatermarks.CATCH_UP_PAUSE).minus(DISORDER));
    }

    @Test
    void aQuietPartitionWhoseRecordsAreAheadOfTheWallClockKeepsFollowingItsRecords() {
        record(NOW.plusSeconds(60));
        clock.advance(IDLE_AFTER);
        emit();

        assertThat(watermarks.emitted).containsExactly(NOW.plusSeconds(60).minus(DISORDER));
    }

    @Test
    void beforeAnyRecordAPartitionWaitsTheStartupGraceThenFollowsTheWallClock() {
        emit();
        clock.advance(IDLE_AFTER);
        emit();
        clock.advance(STARTUP_GRACE.minus(IDLE_AFTER).minusMillis(1));
        emit();
        assertThat(watermarks.emitted).isEmpty();

        clock.advance(Duration.ofMillis(1));
        emit();
        assertThat(watermarks.emitted).containsExactly(NOW.plus(STARTUP_GRACE).minus(DISORDER));
    }

    @Test
    void theWatermarkNeverGoesBackwards() {
        record(NOW.minusSeconds(10));
        clock.advance(IDLE_AFTER);
        emit();
        Instant followingTheClock = watermarks.latest();

        record(NOW.minus(Duration.ofHours(2)));
        clock.advance(Duration.ofSeconds(1));
        emit();
        record(NOW.minus(Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(1));
        emit();

        assertThat(watermarks.emitted).containsExactly(followingTheClock);
    }

    @Test
    void nothingNewIsEmittedWhenNothingMoved() {
        record(NOW.minusSeconds(10));
        emit();
        clock.advance(Duration.ofSeconds(1));
        emit();
        record(NOW.minusSeconds(20));
        emit();

        assertThat(watermarks.emitted).containsExactly(NOW.minusSeconds(10).minus(DISORDER));
    }

    @Test
    void theSubtasksOwnOutputSaysNothingBesidePartitionsSoAReplayLongerThanTheStartupGraceKeepsToItsRecords() {
        for (int i = 0; i < 60; i++) {
            record(LAST_YEAR.plusSeconds(10L * i));
            clock.advance(Duration.ofSeconds(2));
            emit();
            subtasksOwn.onPeriodicEmit(subtaskWatermarks);
        }

        assertThat(clock.instant()).isAfter(NOW.plus(STARTUP_GRACE));
        assertThat(subtaskWatermarks.emitted).as("Flink passes the subtask's own watermarks on without the partitions'").isEmpty();
        assertThat(subtaskWatermarks.idle).as("the subtask's partitions say whether it is idle").isFalse();
        assertThat(watermarks.latest()).isEqualTo(LAST_YEAR.plusSeconds(590).minus(DISORDER));
    }

    @Test
    void whileItsPartitionsAreLiveTheSubtaskKeepsUpWithTheClockThoughTheirRecordsComeSecondsApart() {
        for (int i = 0; i < 15; i++) {
            record(clock.instant().minusMillis(100));
            clock.advance(Duration.ofSeconds(3));
            emit();
            subtasksOwn.onPeriodicEmit(subtaskWatermarks);
        }

        assertThat(clock.instant()).isAfter(NOW.plus(STARTUP_GRACE));
        assertThat(watermarks.latest()).as("the partition alone trails its newest record")
                .isEqualTo(clock.instant().minusSeconds(3).minusMillis(100).minus(DISORDER));
        assertThat(subtaskWatermarks.latest()).isEqualTo(clock.instant().minus(DISORDER));
    }

    @Test
    void whileOnePartitionCatchesUpOnHistoryTheSubtaskFollowsItsRecordsNotTheClock() {
        WatermarkGenerator<Long> catchingUp = strategyOfThisSubtask.createWatermarkGenerator(null);
        for (int i = 0; i < 20; i++) {
            record(clock.instant().minusMillis(100));
            catchingUp.onEvent(LAST_YEAR.plusSeconds(i).toEpochMilli(), LAST_YEAR.plusSeconds(i).toEpochMilli(), watermarks);
            clock.advance(Duration.ofSeconds(2));
            subtasksOwn.onPeriodicEmit(subtaskWatermarks);
        }

        assertThat(clock.instant()).isAfter(NOW.plus(STARTUP_GRACE));
        assertThat(subtaskWatermarks.emitted).isEmpty();
    }

    @Test
    void aSubtaskGivenNoPartitionCountsAsIdleAfterTheStartupGraceSoItHoldsNoOtherBackAndLeavesNoWatermark() {
        WatermarkGenerator<Long> alone = strategy().createWatermarkGenerator(null);

        alone.onPeriodicEmit(subtaskWatermarks);
        clock.advance(STARTUP_GRACE.minusMillis(1));
        alone.onPeriodicEmit(subtaskWatermarks);
        assertThat(subtaskWatermarks.idle).isFalse();

        clock.advance(Duration.ofMillis(1));
        alone.onPeriodicEmit(subtaskWatermarks);
        clock.advance(Duration.ofHours(1));
        alone.onPeriodicEmit(subtaskWatermarks);

        assertThat(subtaskWatermarks.idle).isTrue();
        assertThat(subtaskWatermarks.emitted).isEmpty();
    }

    private void record(Instant eventTime) {
        generator.onEvent(eventTime.toEpochMilli(), eventTime.toEpochMilli(), watermarks);
    }

    private void emit() {
        generator.onPeriodicEmit(watermarks);
    }

    /** A wall clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock is UTC");
        }
    }

    /** The watermarks a generator emitted, oldest first. */
    private static final class Watermarks implements WatermarkOutput {
        final List<Instant> emitted = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(Instant.ofEpochMilli(watermark.getTimestamp()));
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
        }

        Instant latest() {
            assertThat(emitted).isNotEmpty();
            return emitted.get(emitted.size() - 1);
        }
    }
}
