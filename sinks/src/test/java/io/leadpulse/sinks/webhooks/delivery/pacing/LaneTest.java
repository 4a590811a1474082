package io.leadpulse.sinks.webhooks.delivery.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LaneTest {
    static final Instant T = Instant.parse("2026-11-22T09:00:00Z");
    /** LP_WEBHOOK_ENDPOINT_CONCURRENCY, as these tests set it. */
    static final int ENDPOINT_IN_FLIGHT = 4;

    @Test
    void anEndpointTakesSeveralMessagesAtOnceAndNoMoreUntilOneComesBack() {
        Lane lane = Lane.of(shape(1, Optional.empty()), ENDPOINT_IN_FLIGHT);

        assertThat(lane.alertsWanted(T)).isEqualTo(ENDPOINT_IN_FLIGHT);
        assertThat(lane.start(List.of("a", "b", "c", "d"), T)).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("d"));
        assertThat(lane.alertsWanted(T)).isZero();

        lane.finished(Optional.empty());

        assertThat(lane.alertsWanted(T)).isEqualTo(1);
    }

    @Test
    void anEndpointTakesAsManyMessagesAtOnceAsConfiguredAndARobotOneWhateverIsConfigured() {
        Lane wide = Lane.of(shape(1, Optional.empty()), 16);
        Lane robot = Lane.of(shape(10, Optional.of(new MessageFormat.RateLimit(20, Duration.ofMinutes(1)))), 16);

        assertThat(wide.alertsWanted(T)).isEqualTo(16);
        assertThat(wide.start(IntStream.range(0, 16).mapToObj(i -> "a" + i).toList(), T)).hasSize(16);
        assertThat(wide.alertsWanted(T)).isZero();
        assertThat(robot.alertsWanted(T)).isEqualTo(10);
        assertThat(robot.start(List.of("a"), T)).hasSize(1);
        assertThat(robot.alertsWanted(T)).isZero();
    }

    @Test
    void anEndpointThatFailsGetsHalfAsManyMessagesAtOnceAfterEachFailureAndOneMoreAfterEachDelivery() {
        Lane lane = Lane.of(shape(1, Optional.empty()), 16);
        lane.start(IntStream.range(0, 16).mapToObj(i -> "a" + i).toList(), T);

        lane.failed();
        assertThat(lane.alertsWanted(T)).as("8 allowed, 15 still out").isZero();
        for (int i = 0; i < 15; i++) {
            lane.failed();
        }
        assertThat(lane.alertsWanted(T)).as("a dead endpoint holds one place").isEqualTo(1);
        lane.start(List.of("b"), T);
        lane.failed();
        assertThat(lane.alertsWanted(T)).isEqualTo(1);

        lane.start(List.of("c"), T);
        lane.finished(Optional.empty());
        assertThat(lane.alertsWanted(T)).isEqualTo(2);
        for (int i = 0; i < 30; i++) {
            lane.start(List.of("d" + i), T);
            lane.finished(Optional.empty());
        }
        assertThat(lane.alertsWanted(T)).as("never beyond its capacity").isEqualTo(16);
    }

    @Test
    void anEndpointClaimsAsManyAheadAsItMayHaveInFlightAndARobotOrAPausedEndpointNone() {
        Lane endpoint = Lane.of(shape(1, Optional.empty()), 16);
        Lane robot = Lane.of(shape(10, Optional.of(new MessageFormat.RateLimit(20, Duration.ofMinutes(1)))), 16);

        assertThat(endpoint.aheadWanted(0, T)).isEqualTo(16);
        assertThat(endpoint.aheadWanted(10, T)).isEqualTo(6);
        assertThat(endpoint.aheadWanted(20, T)).isZero();
        assertThat(robot.aheadWanted(0, T)).isZero();

        endpoint.start(List.of("a", "b"), T);
        endpoint.failed();
        assertThat(endpoint.aheadWanted(0, T)).as("narrowed by a failure to 8").isEqualTo(8);
        endpoint.finished(Optional.of(T.plusSeconds(5)));
        assertThat(endpoint.aheadWanted(0, T.plusSeconds(4))).as("paused").isZero();
        assertThat(endpoint.aheadWanted(0, T.plusSeconds(5))).isEqualTo(9);
    }

    @Test
    void aRobotTakesOneMessageOfMergedAlertsAtATime() {
        Lane lane = Lane.of(shape(10, Optional.empty()), ENDPOINT_IN_FLIGHT);

        assertThat(lane.alertsWanted(T)).isEqualTo(10);
        List<String> piledUp = IntStream.range(0, 7).mapToObj(i -> "a" + i).toList();
        assertThat(lane.start(piledUp, T)).containsExactly(piledUp);
        assertThat(lane.alertsWanted(T)).isZero();
        assertThat(lane.isIdle()).isFalse();
    }

    @Test
    void aRateLimitedRobotWaitsUntilTheWindowHasRoom() {
        Lane lane = Lane.of(shape(5, Optional.of(new MessageFormat.RateLimit(2, Duration.ofSeconds(10)))), ENDPOINT_IN_FLIGHT);

        lane.start(List.of("a"), T);
        lane.finished(Optional.empty());
        lane.start(List.of("b"), T.plusSeconds(1));
        lane.finished(Optional.empty());

        Instant periodAfterFirst = T.plusSeconds(10).plus(SendWindow.leeway(Duration.ofSeconds(10)));
        assertThat(lane.alertsWanted(periodAfterFirst.minusMillis(1))).isZero();
        assertThat(lane.alertsWanted(periodAfterFirst)).isEqualTo(5);
    }

    @Test
    void aReceiverThatAskedForAPauseGetsNothingBeforeItsEnd() {
        Lane lane = Lane.of(shape(1, Optional.empty()), ENDPOINT_IN_FLIGHT);
        lane.start(List.of("a"), T);

        lane.finished(Optional.of(T.plusSeconds(2)));

        assertThat(lane.alertsWanted(T.plusMillis(1999))).isZero();
        assertThat(lane.alertsWanted(T.plusSeconds(2))).isEqualTo(ENDPOINT_IN_FLIGHT);
    }

    @Test
    void aWindowNeverLetsMoreThanTheLimitThroughInAnyPeriod() {
        SendWindow window = new SendWindow(new MessageFormat.RateLimit(3, Duration.ofSeconds(60)));
        int sent = 0;
        for (int second = 0; second < 180; second++) {
            Instant now = T.plusSeconds(second);
            while (window.room(now) > 0) {
                window.sent(now);
                sent++;
            }
        }
        // A token bucket of 3 refilled at 3 a minute would have let 3 + 3 * 3 through; the window lets 3 a minute.
        assertThat(sent).isEqualTo(9);
    }

    /** A format that only has the shape a lane reads: how many alerts a message carries, and its rate limit. */
    static MessageFormat shape(int alertsPerMessage, Optional<MessageFormat.RateLimit> limit) {
        return new MessageFormat() {
            @Override
            public int maxAlertsPerMessage() {
                return alertsPerMessage;
            }

            @Override
            public Optional<RateLimit> rateLimit() {
                return limit;
            }

            @Override
            public OutgoingRequest render(WebhookSubscription subscription, List<Alert> alerts, Language language, Instant attemptAt) {
                throw new UnsupportedOperationException("a lane never renders");
            }

            @Override
            public Verdict read(Reply reply, Instant receivedAt) {
                throw new UnsupportedOperationException("a lane never reads replies");
            }
        };
    }
}
