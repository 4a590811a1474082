package io.leadpulse.sinks.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The sink writer behind the Redis sinks: elements are prepared as they arrive and sent in batches, one round trip
 * per batch, as soon as {@link #MOST_PER_BATCH} are waiting or {@link #LINGER} after the first of them, and always
 * before a checkpoint barrier passes ({@link #flush}), so a completed checkpoint still means every earlier element is
 * in Redis. One round trip per element made Redis's latency the pipeline's throughput: on a busy machine a round
 * trip takes a millisecond or more, and alerts queued up behind each other for seconds.
 *
 * <p>The writes are idempotent, so a batch is simply sent again after a failure. A short Redis outage is ridden out
 * with a few retries; a longer one fails the task, so Flink restarts it from the last checkpoint instead of dropping
 * the batch.
 */
final class BatchingRedisWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingRedisWriter.class);
    static final int MOST_PER_BATCH = 256;
    /** How long the first element of a batch waits for company: far below what anyone reading alerts notices. */
    static final Duration LINGER = Duration.ofMillis(2);
    static final int ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final AutoCloseable store;
    private final Function<T, RedisScript.Call> prepare;
    private final ToIntFunction<List<RedisScript.Call>> storeAll;
    private final Function<T, String> describe;
    private final ProcessingTimeService time;
    private final List<RedisScript.Call> waiting = new ArrayList<>();
    private String firstWaiting;
    private boolean lingering;

    /**
     * @param store    closed with the writer
     * @param prepare  turns an element into its script call at once (with object reuse, the element changes later)
     * @param storeAll runs a batch of calls in one round trip
     * @param describe names an element in logs and errors, e.g. "alert a-3f9c"
     * @param time     the task's processing time, which runs the linger timer on the task's own thread
     */
    BatchingRedisWriter(AutoCloseable store, Function<T, RedisScript.Call> prepare,
                        ToIntFunction<List<RedisScript.Call>> storeAll, Function<T, String> describe,
                        ProcessingTimeService time) {
        this.store = store;
        this.prepare = prepare;
        this.storeAll = storeAll;
        this.describe = describe;
        this.time = time;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        if (waiting.isEmpty()) {
            firstWaiting = describe.apply(element);
        }
        waiting.add(prepare.apply(element));
        if (waiting.size() >= MOST_PER_BATCH) {
            sendWaiting();
        } else if (!lingering) {
            lingering = true;
            time.registerTimer(time.getCurrentProcessingTime() + LINGER.toMillis(), firedAt -> {
                lingering = false;
                sendWaiting();
            });
        }
    }

    /** Called before every checkpoint barrier and at the end of the input: nothing may stay behind. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        sendWaiting();
    }

    private void sendWaiting() throws IOException, InterruptedException {
        if (waiting.isEmpty()) {
            return;
        }
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                storeAll.applyAsInt(waiting);
                waiting.clear();
                return;
            } catch (JedisConnectionException e) {
                if (attempt == ATTEMPTS) {
                    throw new IOException("Redis did not take " + batchName() + " after " + ATTEMPTS + " attempts", e);
                }
                LOG.warn("Redis write of {} failed (attempt {}): {}", batchName(), attempt, e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private String batchName() {
        return waiting.size() == 1 ? firstWaiting : waiting.size() + " writes from " + firstWaiting + " on";
    }

    @Override
    public void close() throws Exception {
        store.close();
    }
}
