package io.leadpulse.gateway.alerts;

import io.leadpulse.schemas.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioIoThread;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The live alert feed of one gateway: one {@link AlertTailer} reading the Redis stream, fanned out to every connected
 * {@link StreamClient}, and the catch-up reads of clients that resume. Many clients cost one Redis reader, not one each.
 */
public final class AlertStream implements AutoCloseable {
    /** Catch-up steps are short (one page from Redis, queued without blocking), so a few threads serve many clients. */
    private static final int CATCH_UP_THREADS = 2;
    private static final Duration FOLLOWING_POLL = Duration.ofMillis(20);

    private final RedisClient redis;
    private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService catchUps = Executors.newFixedThreadPool(CATCH_UP_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "lp-alert-catch-up");
        thread.setDaemon(true);
        return thread;
    });
    private final Counter tooSlow;
    private final AlertTailer tailer;
    private final StreamClient.Host host = new StreamClient.Host() {
        @Override
        public List<StreamEntry> read(StreamEntryID after, int count) {
            return redis.xrange(RedisKeys.ALERT_STREAM, after.toString(), "+", count);
        }

        @Override
        public void schedule(Runnable step) {
            try {
                catchUps.execute(step);
            } catch (RejectedExecutionException stopping) {
                // The gateway is closing; its clients are being ended.
            }
        }

        @Override
        public void disconnected(StreamClient client, boolean slow) {
            clients.remove(client);
            if (slow) {
                tooSlow.increment();
            }
        }
    };

    public AlertStream(RedisClient redis, MeterRegistry metrics) {
        this.redis = redis;
        this.tooSlow = Counter.builder("lp_gateway_alert_stream_slow_clients_disconnected")
                .description("Alert stream clients disconnected because they did not keep up").register(metrics);
        metrics.gaugeCollectionSize("lp_gateway_alert_stream_clients", List.of(), clients);
        this.tailer = new AlertTailer(redis, alert -> clients.forEach(client -> client.live(alert)));
    }

    /** Whether the stream is being followed (Redis answers). */
    boolean isFollowing() {
        return tailer.isConnected();
    }

    /** Whether the stream is being followed, waiting up to {@code patience} for the reader to (re)connect. */
    boolean awaitFollowing(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!tailer.isConnected()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(FOLLOWING_POLL.toMillis());
        }
        return true;
    }

    /**
     * Starts sending alerts to a client: after {@code lastEvent} when it resumes, else from now on.
     *
     * @param teamId only this team's alerts; null = all
     */
    void connect(ServerSentEventConnection connection, XnioIoThread ioThread, String teamId, StreamEntryID lastEvent,
                 Duration heartbeat, Duration reconnect) {
        StreamClient client = new StreamClient(connection, ioThread, teamId, lastEvent, host);
        connection.addCloseTask(closed -> {
            clients.remove(client);
            client.closed();
        });
        connection.setKeepAliveTime(heartbeat.toMillis());
        clients.add(client); // before the catch-up reads: see StreamClient
        connection.sendRetry(reconnect.toMillis()); // also tells the client that alerts from now on will reach it
        if (lastEvent != null) {
            host.schedule(client::catchUp);
        }
    }

    /** Stops the reader and ends every client's stream. */
    @Override
    public void close() {
        tailer.close();
        catchUps.shutdownNow();
        clients.forEach(StreamClient::finish);
        clients.clear();
        try {
            catchUps.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
