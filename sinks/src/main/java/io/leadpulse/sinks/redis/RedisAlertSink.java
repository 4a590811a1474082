package io.leadpulse.sinks.redis;

import io.leadpulse.schemas.v1.Alert;
import java.io.IOException;
import java.io.Serial;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Flink sink that writes every alert to Redis as it arrives (contract section 4). Writes are synchronous, so a
 * completed checkpoint means every earlier alert is in Redis; after a failure, replayed alerts are recognised by id
 * and change nothing. A Redis outage is retried for a while, then fails the task so Flink restarts it.
 */
public final class RedisAlertSink implements Sink<Alert> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String redisUrl;

    public RedisAlertSink(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        return new Writer(new RedisAlertStore(redisUrl));
    }

    private static final class Writer implements SinkWriter<Alert> {
        private static final Logger LOG = LoggerFactory.getLogger(RedisAlertSink.class);
        private static final int ATTEMPTS = 5;
        private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

        private final RedisAlertStore store;

        Writer(RedisAlertStore store) {
            this.store = store;
        }

        @Override
        public void write(Alert alert, Context context) throws IOException, InterruptedException {
            Duration backoff = FIRST_BACKOFF;
            for (int attempt = 1; ; attempt++) {
                try {
                    store.store(alert);
                    return;
                } catch (JedisConnectionException e) {
                    if (attempt == ATTEMPTS) {
                        throw new IOException("Redis did not take alert " + alert.getId() + " after " + ATTEMPTS + " attempts", e);
                    }
                    LOG.warn("Redis write of alert {} failed (attempt {}): {}", alert.getId(), attempt, e.getMessage());
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
        public void close() {
            store.close();
        }
    }
}
