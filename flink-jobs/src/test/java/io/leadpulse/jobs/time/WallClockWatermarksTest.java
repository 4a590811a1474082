package io.leadpulse.jobs.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class WallClockWatermarksTest {
    private static final Instant NOW = Instant.parse("2026-11-22T09:30:00Z");

    @Test
    void aStreamOfSettingsIsAlwaysAtTheWallClockMinusTheDisorderWhateverItsRecordsSay() {
        WatermarkGenerator<String> generator = WallClockWatermarks.<String>of(Duration.ofSeconds(1))
                .withClock(() -> Clock.fixed(NOW, ZoneOffset.UTC)).createWatermarkGenerator(null);
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput output = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                emitted.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
            }

            @Override
            public void markActive() {
            }
        };

        generator.onPeriodicEmit(output);
        generator.onEvent("a rule written last year", NOW.minus(Duration.ofDays(365)).toEpochMilli(), output);
        generator.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(NOW.minusSeconds(1).toEpochMilli(), NOW.minusSeconds(1).toEpochMilli());
    }
}
