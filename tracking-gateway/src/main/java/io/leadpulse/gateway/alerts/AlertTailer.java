package io.leadpulse.gateway.alerts;

import io.leadpulse.schemas.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one reader of the alert stream per gateway: a thread blocked in {@code XREAD} that hands each new entry to the
 * fan-out, however many clients listen. It starts at the stream's end (clients without a position get new alerts
 * only) and always reads after the last entry it handed on, so when Redis goes away it retries with backoff and loses
 * nothing written meanwhile.
 */
final class AlertTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTailer.class);
    /** How long one XREAD blocks: also how long closing may wait for the thread. */
    private static final int BLOCK_MILLIS = 1000;
    private static final int BATCH = 200;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final RedisClient redis;
    private final Consumer<StreamAlert> fanOut;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;

    AlertTailer(RedisClient redis, Consumer<StreamAlert> fanOut) {
        this.redis = redis;
        this.fanOut = fanOut;
        this.thread = new Thread(this::tail, "lp-alert-tailer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether the last read from Redis succeeded. */
    boolean isConnected() {
        return connected;
    }

    private void tail() {
        StreamEntryID last = null;
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                if (last == null) {
                    last = end();
                    connected = true;
                    LOG.info("Following the alert stream from {}", last);
                }
                List<Map.Entry<String, List<StreamEntry>>> read = redis.xread(
                        XReadParams.xReadParams().block(BLOCK_MILLIS).count(BATCH), Map.of(RedisKeys.ALERT_STREAM, last));
                if (!connected) {
                    LOG.info("Following the alert stream again from {}", last);
                }
                connected = true;
                backoff = FIRST_BACKOFF;
                for (Map.Entry<String, List<StreamEntry>> stream : read == null ? List.<Map.Entry<String, List<StreamEntry>>>of() : read) {
                    for (StreamEntry entry : stream.getValue()) {
                        last = entry.getID();
                        StreamAlert.from(entry).ifPresentOrElse(fanOut,
                                () -> LOG.warn("Alert stream entry {} holds no readable alert; skipped", entry.getID()));
                    }
                }
            } catch (JedisException e) {
                if (connected || backoff.equals(FIRST_BACKOFF)) {
                    LOG.warn("Cannot read the alert stream ({}); retrying with backoff from {}", e.toString(), last);
                }
                connected = false;
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException bug) {
                LOG.error("The alert stream reader failed; retrying", bug);
                sleep(MAX_BACKOFF);
            }
        }
    }

    /** The id of the newest entry, or 0-0 for an empty stream. */
    private StreamEntryID end() {
        List<StreamEntry> newest = redis.xrevrange(RedisKeys.ALERT_STREAM, "+", "-", 1);
        return newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID();
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Stops reading; the thread ends once its current read returns (within about a second). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(BLOCK_MILLIS * 3L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
