package io.leadpulse.sinks.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadpulse.sinks.webhooks.delivery.queue.Resolution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How attempts that come back together share a round trip; the queue's side of it is in DeliveryQueueTest. */
class ResolutionWriterTest {
    final List<List<Resolution>> roundTrips = new CopyOnWriteArrayList<>();
    final CountDownLatch firstRoundTripMayEnd = new CountDownLatch(1);
    final ExecutorService attempts = Executors.newCachedThreadPool();
    ResolutionWriter writer;

    @AfterEach
    void stop() {
        firstRoundTripMayEnd.countDown();
        if (writer != null) {
            writer.close();
        }
        attempts.shutdownNow();
    }

    /** A queue whose first round trip takes until the test lets it end; a resolution applies unless its alert id says "gone". */
    ResolutionWriter writerOverSlowFirstRoundTrip() {
        Function<List<Resolution>, List<Boolean>> queue = batch -> {
            roundTrips.add(List.copyOf(batch));
            if (roundTrips.size() == 1) {
                awaitQuietly(firstRoundTripMayEnd);
            }
            return batch.stream().map(resolution -> !resolution.alertId().startsWith("gone")).toList();
        };
        writer = new ResolutionWriter(queue);
        writer.start();
        return writer;
    }

    @Test
    void attemptsThatComeBackWhileARoundTripIsUnderWayShareTheNextAndEachHearsOnlyItsOwn() throws Exception {
        ResolutionWriter writer = writerOverSlowFirstRoundTrip();
        Future<List<Boolean>> first = attempts.submit(() -> writer.write(List.of(delivered("a-0"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> roundTrips.size() == 1);

        List<Future<List<Boolean>>> later = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String alertId = (i % 2 == 0 ? "gone-" : "a-") + i;
            later.add(attempts.submit(() -> writer.write(List.of(delivered(alertId), retry("a-" + alertId)))));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.waiting() == 5);
        firstRoundTripMayEnd.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).containsExactly(true);
        for (int i = 1; i <= 5; i++) {
            assertThat(later.get(i - 1).get(5, TimeUnit.SECONDS)).containsExactly(i % 2 != 0, true);
        }
        assertThat(roundTrips).hasSize(2);
        assertThat(roundTrips.get(1)).hasSize(10);
    }

    @Test
    void aRoundTripCarriesAtMostItsShareAndTheRestGoInTheNext() throws Exception {
        ResolutionWriter writer = writerOverSlowFirstRoundTrip();
        attempts.submit(() -> writer.write(List.of(delivered("a-0"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> roundTrips.size() == 1);
        List<Future<List<Boolean>>> later = new ArrayList<>();
        for (int i = 0; i < ResolutionWriter.MOST_PER_ROUND_TRIP + 10; i++) {
            String alertId = "a-" + i;
            later.add(attempts.submit(() -> writer.write(List.of(delivered(alertId)))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.waiting() == later.size());

        firstRoundTripMayEnd.countDown();

        for (Future<List<Boolean>> each : later) {
            assertThat(each.get(5, TimeUnit.SECONDS)).containsExactly(true);
        }
        assertThat(roundTrips).extracting(List::size).containsExactly(1, ResolutionWriter.MOST_PER_ROUND_TRIP, 10);
    }

    @Test
    void aRoundTripThatFailsFailsItsAttemptsOnlyAndTheWriterGoesOn() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        writer = new ResolutionWriter(batch -> {
            sizes.add(batch.size());
            if (sizes.size() == 1) {
                throw new IllegalStateException("Redis went away");
            }
            return batch.stream().map(resolution -> true).toList();
        });
        writer.start();

        assertThatThrownBy(() -> writer.write(List.of(delivered("a-1")))).hasMessageContaining("Redis went away");
        assertThat(writer.write(List.of(delivered("a-2")))).containsExactly(true);
    }

    @Test
    void closingWritesWhatWasHandedInAndRefusesTheRest() throws Exception {
        ResolutionWriter writer = writerOverSlowFirstRoundTrip();
        Future<List<Boolean>> first = attempts.submit(() -> writer.write(List.of(delivered("a-1"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> roundTrips.size() == 1);
        Future<List<Boolean>> second = attempts.submit(() -> writer.write(List.of(delivered("a-2"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.waiting() == 1);

        Future<?> closed = attempts.submit(writer::close);
        Thread.sleep(200);
        firstRoundTripMayEnd.countDown();
        closed.get(5, TimeUnit.SECONDS);

        assertThat(first.get(1, TimeUnit.SECONDS)).containsExactly(true);
        assertThat(second.get(1, TimeUnit.SECONDS)).containsExactly(true);
        assertThatThrownBy(() -> writer.write(List.of(delivered("a-3")))).hasMessageContaining("closing");
        assertThat(roundTrips).hasSize(2);
    }

    private static Resolution delivered(String alertId) {
        return new Resolution.Delivered("wh-1", alertId);
    }

    private static Resolution retry(String alertId) {
        return new Resolution.RetryAt("wh-1", alertId, Instant.EPOCH, "HTTP 500");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
