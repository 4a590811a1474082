package io.leadpulse.jobs.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeenEventIdsTest {
    static final Duration WINDOW = Duration.ofDays(7);
    static final long T0 = 1_700_000_000_000L;
    static final long E1 = SeenEventIds.keyOf("e-1");
    static final long E2 = SeenEventIds.keyOf("e-2");
    static final long E3 = SeenEventIds.keyOf("e-3");

    @Test
    void anIdIsSeenUntilItsWindowHasPassedSinceItWasFirstSeen() {
        long[] seen = SeenEventIds.remember(null, E1, T0, WINDOW);

        assertThat(SeenEventIds.contains(seen, E1, T0, WINDOW)).isTrue();
        assertThat(SeenEventIds.contains(seen, E1, T0 + WINDOW.toMillis() - 1, WINDOW)).isTrue();
        assertThat(SeenEventIds.contains(seen, E1, T0 + WINDOW.toMillis(), WINDOW)).isFalse();
        assertThat(SeenEventIds.contains(seen, E2, T0, WINDOW)).isFalse();
        assertThat(SeenEventIds.contains(null, E1, T0, WINDOW)).isFalse();
    }

    @Test
    void eachIdHasItsOwnWindowAndExpiredIdsAreDroppedOnTheNextWrite() {
        long[] seen = SeenEventIds.remember(null, E1, T0, WINDOW);
        seen = SeenEventIds.remember(seen, E2, T0 + Duration.ofDays(5).toMillis(), WINDOW);
        long later = T0 + Duration.ofDays(8).toMillis();

        assertThat(SeenEventIds.contains(seen, E1, later, WINDOW)).isFalse();
        assertThat(SeenEventIds.contains(seen, E2, later, WINDOW)).isTrue();

        seen = SeenEventIds.remember(seen, E3, later, WINDOW);
        assertThat(seen).containsExactly(E2, T0 + Duration.ofDays(5).toMillis(), E3, later);
    }

    @Test
    void theNextExpiryIsThatOfTheOldestIdAndThereIsNoneOnceAllAreForgotten() {
        long[] seen = SeenEventIds.remember(null, E1, T0, WINDOW);
        seen = SeenEventIds.remember(seen, E2, T0 + 1_000, WINDOW);

        assertThat(SeenEventIds.nextExpiry(seen, WINDOW)).isEqualTo(T0 + WINDOW.toMillis());

        seen = SeenEventIds.forgetExpired(seen, T0 + WINDOW.toMillis(), WINDOW);
        assertThat(seen).containsExactly(E2, T0 + 1_000);
        assertThat(SeenEventIds.nextExpiry(seen, WINDOW)).isEqualTo(T0 + 1_000 + WINDOW.toMillis());

        seen = SeenEventIds.forgetExpired(seen, T0 + 1_000 + WINDOW.toMillis(), WINDOW);
        assertThat(seen).isNull();
        assertThat(SeenEventIds.nextExpiry(seen, WINDOW)).isEqualTo(SeenEventIds.NONE);
    }

    @Test
    void forgettingWhenNothingHasExpiredKeepsTheSameIds() {
        long[] seen = SeenEventIds.remember(null, E1, T0, WINDOW);

        assertThat(SeenEventIds.forgetExpired(seen, T0 + 1, WINDOW)).isSameAs(seen);
    }

    @Test
    void idsThatDifferByOneCharacterAreRememberedApart() {
        assertThat(SeenEventIds.keyOf("crm-88121")).isNotEqualTo(SeenEventIds.keyOf("crm-88122"));
        assertThat(SeenEventIds.keyOf("crm-88121")).isEqualTo(SeenEventIds.keyOf(new String("crm-88121")));
    }
}
