package io.leadpulse.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertIdsTest {

    @Test
    void theSameAlertAlwaysGetsTheSameIdAndDifferentAlertsDoNot() {
        String id = AlertIds.of("content.reached", "click-1");

        assertThat(id).isEqualTo(AlertIds.of("content.reached", "click-1")).matches("a-[0-9a-f]{32}");
        assertThat(id).isNotEqualTo(AlertIds.of("content.reached", "click-2"));
        assertThat(id).isNotEqualTo(AlertIds.of("lead.deep_read", "click-1"));
    }

    @Test
    void theIdIsTheFirstHalfOfTheSha256OfTypeAndSubjectSoEveryReleaseAgrees() {
        // sha256("content.reached|click-1"), computed outside the JVM
        assertThat(AlertIds.of("content.reached", "click-1")).isEqualTo("a-b34b471c44139c35f99384488779f713");
    }

    @Test
    void anIdPackedIntoTwoNumbersUnpacksToItself() {
        String id = "a-b34b471c44139c35f99384488779f713";

        assertThat(AlertIds.high(id)).isEqualTo(0xb34b471c44139c35L);
        assertThat(AlertIds.low(id)).isEqualTo(0xf99384488779f713L);
        assertThat(AlertIds.of(AlertIds.high(id), AlertIds.low(id))).isEqualTo(id);
        assertThat(AlertIds.of(0L, 1L)).isEqualTo("a-00000000000000000000000000000001");
    }

    @Test
    void onlyAnIdMadeHereCanBePacked() {
        for (String notAnId : new String[] {"reach-1", "a-B34B471C44139C35F99384488779F713", "b-b34b471c44139c35f99384488779f713",
                "a-b34b471c44139c35f99384488779f71", "a-b34b471c44139c35f99384488779f7133", "a-b34b471c44139c35f99384488779f71g"}) {
            assertThatThrownBy(() -> AlertIds.low(notAnId)).as(notAnId)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notAnId);
        }
        assertThatThrownBy(() -> AlertIds.high("a-b34b471c44139c3gf99384488779f713")).isInstanceOf(IllegalArgumentException.class);
    }
}
