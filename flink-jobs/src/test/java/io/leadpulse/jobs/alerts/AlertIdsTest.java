package io.leadpulse.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

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
}
