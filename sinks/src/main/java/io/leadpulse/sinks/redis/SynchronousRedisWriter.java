package io.leadpulse.sinks.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The sink writer behind the Redis sinks: each element is in Redis when {@code write} returns, so a completed
 * checkpoint means every earlier element is stored. A short Redis outage is ridden out with a few retries; a
 * longer one fails the task, so Flink restarts it from the last checkpoint instead of dropping the element.
 */
final class SynchronousRedisWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SynchronousRedisWriter.class);
    static final int ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final AutoCloseable store;
    private final Consumer<T> write;
    private final Function<T, String> describe;

    /**
     * @param store    closed with the writer
     * @param write    stores one element in {@code store}
     * @param describe names an element in logs and errors, e.g. "alert a-3f9c"
     */
    SynchronousRedisWriter(AutoCloseable store, Consumer<T> write, Function<T, String> describe) {
        this.store = store;
        this.write = write;
        this.describe = describe;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                write.accept(element);
                return;
            } catch (JedisConnectionException e) {
                if (attempt == ATTEMPTS) {
                    throw new IOException("Redis did not take " + describe.apply(element) + " after " + ATTEMPTS + " attempts", e);
                }
                LOG.warn("Redis write of {} failed (attempt {}): {}", describe.apply(element), attempt, e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        // Every write is already in Redis when write() returns.
    }

    @Override
    public void close() throws Exception {
        store.close();
    }
}
