package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.sinks.webhooks.delivery.queue.Resolution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what attempts came to into the queue, those that come back together in one round trip. Each attempt ends
 * on its own worker thread, which hands its resolutions here and waits until they are written; while one batch is
 * on its way to Redis the next one gathers, so nothing waits for company when the sink is quiet. A round trip per
 * delivery made Redis's latency on a busy machine the sink's rate. Only attempts that have come back are written
 * here, so a slow receiver holds up nobody's bookkeeping but its own; and nothing is written before its attempt's
 * answer, so a delivery is marked delivered only after its 2xx, and a crash leaves leases that run out.
 */
final class ResolutionWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResolutionWriter.class);
    /** Resolutions per round trip, at most (a robot's message may go a little beyond: its batch is not split). */
    static final int MOST_PER_ROUND_TRIP = 256;
    /** How long an attempt waits for its write: well inside the lease, after which the delivery is due again anyway. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** One attempt's resolutions and the attempt waiting for them. */
    private record Waiting(List<Resolution> resolutions, CompletableFuture<List<Boolean>> written) {
    }

    private static final Waiting CLOSE = new Waiting(List.of(), new CompletableFuture<>());

    private final Function<List<Resolution>, List<Boolean>> write;
    private final LinkedBlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
    private final Object closing = new Object();
    private boolean closed;
    private final Thread thread;

    /** @param write records resolutions in one round trip and says which applied ({@code DeliveryQueue::resolve}) */
    ResolutionWriter(Function<List<Resolution>, List<Boolean>> write) {
        this.write = write;
        this.thread = new Thread(this::run, "lp-webhook-resolutions");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Writes these resolutions, together with any others waiting, and returns whether each applied (see
     * {@code DeliveryQueue#resolve}); waits until they are written.
     *
     * @throws RuntimeException when they could not be written (the deliveries stay leased and are due again after
     *                          their lease)
     */
    List<Boolean> write(List<Resolution> resolutions) {
        if (resolutions.isEmpty()) {
            return List.of();
        }
        Waiting mine = new Waiting(List.copyOf(resolutions), new CompletableFuture<>());
        synchronized (closing) {
            if (closed) {
                throw new IllegalStateException("the webhook sink is closing");
            }
            waiting.add(mine);
        }
        try {
            return mine.written().get(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the queue did not record the attempt within " + LONGEST_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the attempt was recorded");
        }
    }

    /** How many attempts wait for the next round trip. */
    int waiting() {
        return (int) waiting.stream().filter(each -> each != CLOSE).count();
    }

    private void run() {
        while (true) {
            Waiting first;
            try {
                first = waiting.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(new IllegalStateException("the webhook sink closed"));
                return;
            }
            if (first == CLOSE) {
                return;
            }
            List<Waiting> batch = new ArrayList<>();
            batch.add(first);
            int resolutions = first.resolutions().size();
            // Only this thread takes from the queue, so what it peeks at is what it polls.
            for (Waiting next = waiting.peek(); next != null && next != CLOSE && resolutions < MOST_PER_ROUND_TRIP;
                 next = waiting.peek()) {
                waiting.poll();
                batch.add(next);
                resolutions += next.resolutions().size();
            }
            writeBatch(batch, resolutions);
        }
    }

    private void writeBatch(List<Waiting> batch, int size) {
        List<Resolution> all = new ArrayList<>(size);
        for (Waiting each : batch) {
            all.addAll(each.resolutions());
        }
        List<Boolean> applied;
        try {
            applied = write.apply(all);
        } catch (RuntimeException e) {
            batch.forEach(each -> each.written().completeExceptionally(e));
            return;
        }
        int from = 0;
        for (Waiting each : batch) {
            int to = from + each.resolutions().size();
            each.written().complete(List.copyOf(applied.subList(from, to)));
            from = to;
        }
    }

    private void failAll(RuntimeException reason) {
        for (Waiting each = waiting.poll(); each != null; each = waiting.poll()) {
            each.written().completeExceptionally(reason);
        }
    }

    /** Takes nothing more, writes what was handed in before, and stops. */
    @Override
    public void close() {
        synchronized (closing) {
            if (closed) {
                return;
            }
            closed = true;
            waiting.add(CLOSE);
        }
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Attempt outcomes were still being written at close; their deliveries are due again after their lease");
            thread.interrupt();
        }
    }
}
