package io.leadpulse.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory rules, written both by the topic's follower and by the instance's own changes. */
class RuleTableTest {
    private final RuleTable table = new RuleTable();

    @Test
    void anOlderRuleSetReadLateFromTheTopicNeverReplacesANewerOneWrittenHere() {
        RuleSet older = rules(100);
        RuleSet newer = rules(200);
        table.keep("t1", newer, 8); // this instance's change, acknowledged at offset 8

        table.keep("t1", older, 7); // the follower, behind, reads offset 7 only now

        assertThat(table.get("t1")).isEqualTo(newer);
    }

    @Test
    void aNewerRuleSetReplacesTheOldOne() {
        table.keep("t1", rules(100), 7);

        table.keep("t1", rules(200), 8);

        assertThat(table.get("t1")).isEqualTo(rules(200));
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void aTombstoneForgetsOnlyRulesWrittenBeforeIt() {
        table.keep("t1", rules(100), 7);
        table.keep("t2", rules(100), 9);

        table.remove("t1", 8);
        table.remove("t2", 8);

        assertThat(table.get("t1")).isNull();
        assertThat(table.get("t2")).isEqualTo(rules(100));
    }

    private static RuleSet rules(long deepReadSeconds) {
        return new RuleSet("t1", Duration.ofSeconds(deepReadSeconds), Duration.ofHours(3), Duration.ofDays(3),
                Duration.ofMinutes(15), 8, Duration.ofMinutes(30), "en", Instant.parse("2026-11-23T10:00:00Z"));
    }
}
