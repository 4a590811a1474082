package io.leadpulse.gateway.dwell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeenBeaconsTest {
    private final SeenBeacons seen = new SeenBeacons(1_000, Duration.ofHours(6));

    @Test
    void eachBeaconOfAClickCountsOnceInOrderOrNot() {
        assertThat(seen.firstTime("c1", 0)).isTrue();
        assertThat(seen.firstTime("c1", 1)).isTrue();
        assertThat(seen.firstTime("c1", 1)).isFalse();
        assertThat(seen.firstTime("c1", 5)).isTrue();
        assertThat(seen.firstTime("c1", 3)).isTrue(); // late, still inside the window
        assertThat(seen.firstTime("c1", 3)).isFalse();
        assertThat(seen.firstTime("c1", 0)).isFalse();
        assertThat(seen.firstTime("c1", 5)).isFalse();
        assertThat(seen.firstTime("c2", 1)).isTrue(); // another click has its own numbers
    }

    @Test
    void theWindowRemembersTheLast64NumbersAcrossJumps() {
        seen.firstTime("c", 10);
        seen.firstTime("c", 10 + SeenBeacons.WINDOW - 1);

        assertThat(seen.firstTime("c", 10)).isFalse(); // the oldest number the window still holds

        seen.firstTime("c", 10 + 3 * SeenBeacons.WINDOW); // a jump past the whole window forgets what it held
        assertThat(seen.firstTime("c", 10 + 3 * SeenBeacons.WINDOW - 1)).isTrue();
        assertThat(seen.firstTime("c", 10 + 3 * SeenBeacons.WINDOW)).isFalse();
    }

    @Test
    void aNumberOlderThanTheWindowIsLetThroughForTheJobToCountExactly() {
        seen.firstTime("c", 0);
        seen.firstTime("c", 200);

        assertThat(seen.firstTime("c", 0)).isTrue();
        assertThat(seen.firstTime("c", 200 - SeenBeacons.WINDOW)).isTrue();
    }

    @Test
    void aForgottenBeaconMaySendAgainAndNoOtherIsForgotten() {
        seen.firstTime("c", 1);
        seen.firstTime("c", 2);

        seen.forget("c", 2);
        seen.forget("unknown", 2);

        assertThat(seen.firstTime("c", 2)).isTrue();
        assertThat(seen.firstTime("c", 1)).isFalse();
    }
}
