package io.leadpulse.sinks.webhooks.delivery.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    static final List<Duration> SVIX = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30));
    static final Instant T = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void theFirstAttemptIsDueAfterTheFirstDelay() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20)), () -> 0.5);

        assertThat(schedule.firstAttempt(T)).isEqualTo(T.plusSeconds(10));
        assertThat(new RetrySchedule(SVIX, () -> 0.99).firstAttempt(T)).isEqualTo(T);
    }

    @Test
    void attemptKPlusOneIsDueDelayKAfterAttemptKFailed() {
        RetrySchedule schedule = new RetrySchedule(SVIX, () -> 0.5);

        assertThat(schedule.nextAttempt(1, T, Optional.empty())).contains(T.plusSeconds(5));
        assertThat(schedule.nextAttempt(2, T, Optional.empty())).contains(T.plus(Duration.ofMinutes(5)));
        assertThat(schedule.nextAttempt(3, T, Optional.empty())).contains(T.plus(Duration.ofMinutes(30)));
    }

    @Test
    void whenTheScheduleIsExhaustedThereIsNoNextAttempt() {
        RetrySchedule schedule = new RetrySchedule(SVIX, () -> 0.5);

        assertThat(schedule.attempts()).isEqualTo(4);
        assertThat(schedule.nextAttempt(4, T, Optional.empty())).isEmpty();
        assertThat(schedule.nextAttempt(4, T, Optional.of(T.plusSeconds(1)))).isEmpty();
    }

    @Test
    void delaysAreSpreadByTwentyPercentEitherWay() {
        assertThat(new RetrySchedule(SVIX, () -> 0.0).nextAttempt(2, T, Optional.empty()))
                .contains(T.plus(Duration.ofMinutes(4)));
        assertThat(new RetrySchedule(SVIX, () -> 0.999999).nextAttempt(2, T, Optional.empty()).orElseThrow())
                .isBetween(T.plus(Duration.ofSeconds(359)), T.plus(Duration.ofMinutes(6)));
    }

    @Test
    void neverBeforeTheReceiverAskedButNotLaterThanTheCap() {
        RetrySchedule schedule = new RetrySchedule(SVIX, () -> 0.5);

        assertThat(schedule.nextAttempt(1, T, Optional.of(T.plusSeconds(120)))).contains(T.plusSeconds(120));
        assertThat(schedule.nextAttempt(1, T, Optional.of(T.plusSeconds(1)))).contains(T.plusSeconds(5));
        assertThat(schedule.nextAttempt(1, T, Optional.of(T.plus(Duration.ofDays(3)))))
                .contains(T.plus(RetrySchedule.LONGEST_REQUESTED_WAIT));
    }

    @Test
    void aScheduleNeedsADelay() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(), () -> 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1)), () -> 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
