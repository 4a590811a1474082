package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.sinks.webhooks.delivery.queue.DeliveryQueue;
import io.leadpulse.sinks.webhooks.delivery.queue.StreamAlert;
import io.leadpulse.sinks.webhooks.delivery.schedule.RetrySchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Turns the alert stream ({@code lp:alerts}) into queued deliveries, reading it with a consumer group so that each
 * alert is queued once however many instances run. An entry is acknowledged in the same step that queues its
 * deliveries; entries this consumer read but did not acknowledge (it crashed in between) are read again first.
 * An entry that is not an alert is logged, counted and acknowledged: it never holds up the stream. The entries of one
 * read are queued and acknowledged in one round trip, each entry atomically.
 */
final class AlertIntake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertIntake.class);
    private static final int BATCH = 100;
    /** Shorter than the Redis client's socket timeout, so a quiet stream is not mistaken for a dead connection. */
    private static final int BLOCK_MILLIS = 1000;
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final RedisClient redis;
    private final DeliveryQueue queue;
    private final SubscriptionTable subscriptions;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final Runnable queued;
    private final BooleanSupplier ready;
    private final String consumer;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param consumer this instance's name in the consumer group; the same name after a restart finds its pending entries
     * @param ready    whether the subscriptions are loaded: before that, an alert would find nobody to go to
     * @param queued   told when deliveries were queued, so the dispatcher looks at once
     */
    AlertIntake(RedisClient redis, DeliveryQueue queue, SubscriptionTable subscriptions, RetrySchedule schedule,
                Clock clock, DeliveryMetrics metrics, String consumer, BooleanSupplier ready, Runnable queued) {
        this.redis = redis;
        this.queue = queue;
        this.subscriptions = subscriptions;
        this.schedule = schedule;
        this.clock = clock;
        this.metrics = metrics;
        this.consumer = consumer;
        this.ready = ready;
        this.queued = queued;
        this.thread = new Thread(this::run, "lp-webhook-intake");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running && !ready.getAsBoolean()) {
            pause(Duration.ofMillis(50));
        }
        while (running) {
            try {
                joinGroup();
                readPending();
                while (running) {
                    handle(read(StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY, XReadGroupParams.xReadGroupParams().count(BATCH).block(BLOCK_MILLIS)));
                }
            } catch (JedisException e) {
                if (running) {
                    // What was read but not handled is pending for this consumer, and is read again from the top.
                    LOG.warn("Reading {} failed, again in {}: {}", RedisKeys.ALERT_STREAM, AFTER_FAILURE, e.getMessage());
                    pause(AFTER_FAILURE);
                }
            } catch (RuntimeException e) {
                LOG.error("Alert intake failed, again in {}", AFTER_FAILURE, e);
                pause(AFTER_FAILURE);
            }
        }
    }

    private void joinGroup() {
        try {
            redis.xgroupCreate(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP, StreamEntryID.XGROUP_LAST_ENTRY, true);
            LOG.info("Created consumer group {} on {}", RedisKeys.WEBHOOK_CONSUMER_GROUP, RedisKeys.ALERT_STREAM);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** This consumer's entries that were read before and never acknowledged. */
    private void readPending() {
        StreamEntryID after = new StreamEntryID(0, 0);
        while (running) {
            List<StreamEntry> entries = read(after, XReadGroupParams.xReadGroupParams().count(BATCH));
            if (entries.isEmpty()) {
                return;
            }
            handle(entries);
            after = entries.get(entries.size() - 1).getID();
        }
    }

    private List<StreamEntry> read(StreamEntryID from, XReadGroupParams params) {
        List<Entry<String, List<StreamEntry>>> reply = redis.xreadGroup(RedisKeys.WEBHOOK_CONSUMER_GROUP, consumer,
                params, Map.of(RedisKeys.ALERT_STREAM, from));
        if (reply == null || reply.isEmpty()) {
            return List.of();
        }
        return reply.get(0).getValue();
    }

    /**
     * Queues the deliveries of a batch of entries and acknowledges them in one round trip: on a busy machine a round
     * trip costs milliseconds, and one per entry made Redis's latency the intake's rate.
     */
    private void handle(List<StreamEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<StreamAlert> batch = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            batch.add(prepare(entry, now));
        }
        int queuedDeliveries = queue.enqueueAndAcknowledgeAll(batch).stream().mapToInt(Integer::intValue).sum();
        if (queuedDeliveries > 0) {
            queued.run();
        }
    }

    private StreamAlert prepare(StreamEntry entry, Instant now) {
        String entryId = entry.getID().toString();
        String json = entry.getFields() == null ? null : entry.getFields().get("alert");
        Alert alert;
        try {
            alert = AlertJson.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping stream entry {} of {}: {}", entryId, RedisKeys.ALERT_STREAM, e.getMessage());
            metrics.invalidEntry();
            return StreamAlert.nothingToDeliver(entryId);
        }
        return new StreamAlert(entryId, alert.getId(), json, subscriptions.audienceOf(alert), schedule.firstAttempt(now));
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops reading; an entry being handled is finished first (or read again by the next start). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(BLOCK_MILLIS + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
