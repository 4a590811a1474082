package io.leadpulse.sinks.webhooks.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.sinks.webhooks.Language;
import org.junit.jupiter.api.Test;

class SpokenDurationsTest {
    final Wording en = Wording.of(Language.EN);
    final Wording zh = Wording.of(Language.ZH);

    @Test
    void shortDurationsKeepTheirSeconds() {
        assertThat(SpokenDurations.of(92, en)).isEqualTo("92 s");
        assertThat(SpokenDurations.of(92, zh)).isEqualTo("92 秒");
    }

    @Test
    void longerDurationsUseTheirTwoLargestUnits() {
        assertThat(SpokenDurations.of(900, en)).isEqualTo("15 min");
        assertThat(SpokenDurations.of(10_800, en)).isEqualTo("3 h");
        assertThat(SpokenDurations.of(91_800, en)).isEqualTo("25 h 30 min");
        assertThat(SpokenDurations.of(259_200, en)).isEqualTo("3 days");
        assertThat(SpokenDurations.of(270_000, zh)).isEqualTo("3 天 3 小时");
        assertThat(SpokenDurations.of(-5, en)).isEqualTo("0 s");
    }
}
