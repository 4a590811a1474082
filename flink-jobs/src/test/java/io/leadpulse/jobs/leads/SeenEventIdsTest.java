package io.leadpulse.jobs.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeenEventIdsTest {
    static final Duration WINDOW = Duration.ofDays(7);
    static final long T0 = 1_700_000_000_000L;

    @Test
    void anIdIsSeenUntilItsWindowHasPassedSinceItWasFirstSeen() {
        Map<String, Long> seen = SeenEventIds.remember(null, "e-1", T0, WINDOW);

        assertThat(SeenEventIds.contains(seen, "e-1", T0, WINDOW)).isTrue();
        assertThat(SeenEventIds.contains(seen, "e-1", T0 + WINDOW.toMillis() - 1, WINDOW)).isTrue();
        assertThat(SeenEventIds.contains(seen, "e-1", T0 + WINDOW.toMillis(), WINDOW)).isFalse();
        assertThat(SeenEventIds.contains(seen, "e-2", T0, WINDOW)).isFalse();
        assertThat(SeenEventIds.contains(null, "e-1", T0, WINDOW)).isFalse();
    }

    @Test
    void eachIdHasItsOwnWindowAndExpiredIdsAreDroppedOnTheNextWrite() {
        Map<String, Long> seen = SeenEventIds.remember(null, "e-1", T0, WINDOW);
        seen = SeenEventIds.remember(seen, "e-2", T0 + Duration.ofDays(5).toMillis(), WINDOW);
        long later = T0 + Duration.ofDays(8).toMillis();

        assertThat(SeenEventIds.contains(seen, "e-1", later, WINDOW)).isFalse();
        assertThat(SeenEventIds.contains(seen, "e-2", later, WINDOW)).isTrue();

        seen = SeenEventIds.remember(seen, "e-3", later, WINDOW);
        assertThat(seen).containsOnlyKeys("e-2", "e-3");
    }

    @Test
    void theNextExpiryIsThatOfTheOldestIdAndThereIsNoneOnceAllAreForgotten() {
        Map<String, Long> seen = SeenEventIds.remember(null, "e-1", T0, WINDOW);
        SeenEventIds.remember(seen, "e-2", T0 + 1_000, WINDOW);

        assertThat(SeenEventIds.nextExpiry(seen, WINDOW)).isEqualTo(T0 + WINDOW.toMillis());

        SeenEventIds.forgetExpired(seen, T0 + WINDOW.toMillis(), WINDOW);
        assertThat(seen).containsOnlyKeys("e-2");
        assertThat(SeenEventIds.nextExpiry(seen, WINDOW)).isEqualTo(T0 + 1_000 + WINDOW.toMillis());

        SeenEventIds.forgetExpired(seen, T0 + 1_000 + WINDOW.toMillis(), WINDOW);
        assertThat(SeenEventIds.nextExpiry(seen, WINDOW)).isEqualTo(SeenEventIds.NONE);
    }
}
