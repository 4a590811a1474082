package io.leadpulse.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The windows of a rep's load: follow-ups and assignments leave them in time order, whatever order they came in. */
class RepLoadsTest {
    private static final long T0 = Instant.parse("2026-11-22T09:00:00Z").toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @Test
    void changesThatArriveOutOfOrderLeaveTheirWindowsAtTheirOwnTime() {
        RepLoadState rep = new RepLoadState();
        RepLoads.followedUp(rep, T0 + 10 * HOUR);
        RepLoads.followedUp(rep, T0);
        RepLoads.followedUp(rep, T0 + 5 * HOUR);
        RepLoads.assigned(rep, T0 + 2 * HOUR);
        RepLoads.assigned(rep, T0 + HOUR);

        RepLoads.expire(rep, T0 + 26 * HOUR);
        assertThat(rep.assignments).as("both older than 24 h").isEmpty();
        assertThat(rep.followUps).hasSize(3);

        RepLoads.expire(rep, T0 + 72 * HOUR);
        assertThat(rep.followUps).containsExactly(T0 + 5 * HOUR, T0 + 10 * HOUR);
        RepLoads.expire(rep, T0 + 77 * HOUR - 1);
        assertThat(rep.followUps).hasSize(2);
        RepLoads.expire(rep, T0 + 77 * HOUR);
        assertThat(rep.followUps).containsExactly(T0 + 10 * HOUR);
    }

    @Test
    void theNextExpiryIsTheEarliestOfBothWindowsAndExpiringSaysWhenTheLastToGoLeft() {
        RepLoadState rep = new RepLoadState();
        assertThat(RepLoads.nextExpiry(rep)).as("nothing waits").isEqualTo(RepLoads.NONE);
        RepLoads.followedUp(rep, T0);
        RepLoads.assigned(rep, T0 + 50 * HOUR);
        RepLoads.assigned(rep, T0 + 30 * HOUR);
        assertThat(RepLoads.nextExpiry(rep)).as("the assignment at 30 h leaves at 54 h").isEqualTo(T0 + 54 * HOUR);

        assertThat(RepLoads.expire(rep, T0 + 54 * HOUR - 1)).isEqualTo(RepLoads.NONE);
        assertThat(RepLoads.expire(rep, T0 + 80 * HOUR)).as("the follow-up at 72 h, the assignments at 54 h and 74 h")
                .isEqualTo(T0 + 74 * HOUR);
        assertThat(RepLoads.nextExpiry(rep)).isEqualTo(RepLoads.NONE);
    }

    @Test
    void stateWrittenBeforeTheListsWereOrderedIsSortedOnce() {
        RepLoadState restored = new RepLoadState(); // as a restore leaves a field the old state did not have
        restored.followUps = new ArrayList<>(List.of(T0 + 2 * HOUR, T0, T0 + HOUR));
        restored.assignments = new ArrayList<>(List.of(T0 + HOUR, T0));
        assertThat(restored.inTimeOrder).isFalse();

        RepLoads.expire(restored, T0 + 24 * HOUR);

        assertThat(restored.assignments).containsExactly(T0 + HOUR);
        assertThat(restored.followUps).containsExactly(T0, T0 + HOUR, T0 + 2 * HOUR);
        assertThat(restored.inTimeOrder).isTrue();
    }
}
