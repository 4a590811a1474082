package io.leadpulse.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlertsTest {

    @Test
    void aTimeInTheFactsReadsExactlyAsInstantWritesIt() {
        long[] edges = {0, 1, 999, 1_000, 59_999, 86_399_999, 86_400_000, 951_782_400_000L /* 2000-02-29 */,
                951_868_799_999L, 4_107_542_399_999L /* 2100-02-28 */, 4_107_542_400_000L, 1_764_882_378_250L,
                253_402_300_799_999L /* 9999-12-31T23:59:59.999 */, 253_402_300_800_000L, -1, -86_400_001L};
        for (long millis : edges) {
            assertThat(Alerts.instant(millis)).as("%d", millis).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong(0, 253_402_300_800_000L);
            long rounded = i % 2 == 0 ? millis - millis % 1_000 : millis;
            assertThat(Alerts.instant(rounded)).isEqualTo(Instant.ofEpochMilli(rounded).toString());
        }
    }

    @Test
    void anAlertWithoutATeamIsRefusedWhereItIsMade() {
        assertThatThrownBy(() -> Alerts.alert(AlertTypes.DEEP_READ, "c-1", null, "r7", "L-1", 0, 0, "L-1 read it", Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("without a team");
    }

    @Test
    void aDurationReadsAsAPersonSaysIt() {
        assertThat(Alerts.spoken(72 * 3600)).isEqualTo("72 h");
        assertThat(Alerts.spoken(900)).isEqualTo("15 min");
        assertThat(Alerts.spoken(40)).isEqualTo("40 s");
        assertThat(Alerts.spoken(0)).isEqualTo("0 s");
    }
}
