package io.leadpulse.sinks.webhooks.delivery.queue;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.sinks.redis.RedisScript;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.Tuple;

/**
 * The durable webhook queue in Redis: per subscription a sorted set of alert ids by due time and per delivery a
 * hash, plus the dead letters. Every change is one Lua script, so instances sharing the queue never see half a
 * change and never take the same attempt twice.
 */
public final class DeliveryQueue {
    private final RedisClient redis;
    private final RedisScript enqueue;
    private final RedisScript claim;
    private final RedisScript delivered;
    private final RedisScript retry;
    private final RedisScript bury;
    private final RedisScript buryAll;
    private final RedisScript drop;
    private final RedisScript replay;
    private final RedisScript release;

    public DeliveryQueue(RedisClient redis) {
        this.redis = redis;
        this.enqueue = script("enqueue.lua");
        this.claim = script("claim.lua");
        this.delivered = script("delivered.lua");
        this.retry = script("retry.lua");
        this.bury = script("bury.lua");
        this.buryAll = script("bury-all.lua");
        this.drop = script("drop.lua");
        this.replay = script("replay.lua");
        this.release = script("release.lua");
    }

    /**
     * Queues the alert for each subscription, due at {@code due}, and acknowledges its stream entry in the same
     * step; deliveries that exist already are left alone, and an entry acknowledged before is not queued again.
     * Returns how many were new.
     */
    public int enqueueAndAcknowledge(String streamEntryId, String alertId, String alertJson,
                                     List<String> subscriptionIds, Instant due) {
        return number(enqueue.run(enqueueCall(new StreamAlert(streamEntryId, alertId, alertJson, subscriptionIds, due))));
    }

    /**
     * Queues and acknowledges each entry as {@link #enqueueAndAcknowledge} does, in one round trip (and one more for
     * the entries nobody subscribed to, which are only acknowledged, all in one command); each entry is one atomic
     * step, so a failure part way leaves the rest pending, to be read and queued again. Returns how many deliveries
     * each entry added.
     */
    public List<Integer> enqueueAndAcknowledgeAll(List<StreamAlert> entries) {
        List<RedisScript.Call> calls = new ArrayList<>(entries.size());
        List<StreamEntryID> onlyToAcknowledge = new ArrayList<>();
        for (StreamAlert entry : entries) {
            if (entry.subscriptionIds().isEmpty()) {
                onlyToAcknowledge.add(new StreamEntryID(entry.streamEntryId()));
            } else {
                calls.add(enqueueCall(entry));
            }
        }
        Iterator<Integer> queued = enqueue.runAll(calls).stream().map(DeliveryQueue::number).iterator();
        if (!onlyToAcknowledge.isEmpty()) {
            // Nothing to queue: acknowledging is the whole step, for all of them in one command (the script would cost
            // Redis as much again as storing the alert did, for every alert nobody subscribed to).
            redis.xack(RedisKeys.ALERT_STREAM, RedisKeys.WEBHOOK_CONSUMER_GROUP, onlyToAcknowledge.toArray(StreamEntryID[]::new));
        }
        List<Integer> added = new ArrayList<>(entries.size());
        for (StreamAlert entry : entries) {
            added.add(entry.subscriptionIds().isEmpty() ? 0 : queued.next());
        }
        return added;
    }

    private static RedisScript.Call enqueueCall(StreamAlert entry) {
        List<String> subscriptionIds = entry.subscriptionIds();
        List<String> keys = new ArrayList<>(1 + 2 * subscriptionIds.size());
        List<String> args = new ArrayList<>(5 + subscriptionIds.size());
        keys.add(RedisKeys.ALERT_STREAM);
        args.addAll(List.of(RedisKeys.WEBHOOK_CONSUMER_GROUP, entry.streamEntryId(), entry.alertJson(), entry.alertId(),
                millis(entry.due())));
        for (String subscriptionId : subscriptionIds) {
            keys.add(RedisKeys.webhookDue(subscriptionId));
            keys.add(RedisKeys.webhookDelivery(RedisKeys.webhookDeliveryId(subscriptionId, entry.alertId())));
            args.add(subscriptionId);
        }
        return new RedisScript.Call(keys, args);
    }

    /**
     * Takes up to the wanted number of due deliveries of each subscription (oldest due first) and leases them until
     * {@code leaseUntil}.
     */
    public List<ClaimedDelivery> claim(Map<String, Integer> wantedBySubscription, Instant now, Instant leaseUntil) {
        List<String> subscriptionIds = List.copyOf(wantedBySubscription.keySet());
        List<String> keys = new ArrayList<>(subscriptionIds.size());
        List<String> args = new ArrayList<>(2 + 2 * subscriptionIds.size());
        args.add(millis(now));
        args.add(millis(leaseUntil));
        for (String subscriptionId : subscriptionIds) {
            keys.add(RedisKeys.webhookDue(subscriptionId));
            args.add(hashPrefix(subscriptionId));
            args.add(String.valueOf(wantedBySubscription.get(subscriptionId)));
        }
        List<?> reply = (List<?>) claim.run(keys, args);
        List<ClaimedDelivery> claimed = new ArrayList<>(reply.size() / 4);
        for (int i = 0; i < reply.size(); i += 4) {
            claimed.add(new ClaimedDelivery(subscriptionIds.get(number(reply.get(i)) - 1),
                    text(reply.get(i + 1)), text(reply.get(i + 2)), number(reply.get(i + 3)), leaseUntil));
        }
        return claimed;
    }

    /**
     * Hands back deliveries that were claimed but not attempted, in one round trip: each is due at {@code now} again,
     * its attempt uncounted, unless it was taken again or settled meanwhile. Returns how many went back.
     */
    public int release(List<ClaimedDelivery> deliveries, Instant now) {
        List<RedisScript.Call> calls = new ArrayList<>(deliveries.size());
        for (ClaimedDelivery delivery : deliveries) {
            calls.add(new RedisScript.Call(
                    List.of(RedisKeys.webhookDue(delivery.subscriptionId()),
                            RedisKeys.webhookDelivery(RedisKeys.webhookDeliveryId(delivery.subscriptionId(), delivery.alertId()))),
                    List.of(delivery.alertId(), millis(delivery.leasedUntil()), millis(now))));
        }
        return (int) release.runAll(calls).stream().filter(reply -> number(reply) == 1).count();
    }

    /** The delivery arrived: it is gone from the queue. */
    public void delivered(String subscriptionId, String alertId) {
        resolve(List.of(new Resolution.Delivered(subscriptionId, alertId)));
    }

    /** The delivery is tried again at {@code due}; false when it is no longer queued (given up meanwhile). */
    public boolean retryAt(String subscriptionId, String alertId, Instant due, String error) {
        return resolve(List.of(new Resolution.RetryAt(subscriptionId, alertId, due, error))).get(0);
    }

    /** The delivery becomes a dead letter with this error; false when it is no longer queued. */
    public boolean bury(String subscriptionId, String alertId, Instant now, String error) {
        return resolve(List.of(new Resolution.Buried(subscriptionId, alertId, now, error))).get(0);
    }

    /**
     * Records what became of these deliveries, of any subscriptions, in one round trip; each resolution is one atomic
     * step. Returns, per resolution, whether it applied: a retry or a burial of a delivery that is no longer queued
     * (given up or delivered meanwhile) does not.
     */
    public List<Boolean> resolve(List<Resolution> resolutions) {
        List<RedisScript.Run> runs = new ArrayList<>(resolutions.size());
        for (Resolution resolution : resolutions) {
            runs.add(run(resolution));
        }
        return RedisScript.runTogether(runs).stream().map(reply -> number(reply) == 1).toList();
    }

    private RedisScript.Run run(Resolution resolution) {
        String subscriptionId = resolution.subscriptionId();
        String alertId = resolution.alertId();
        String deliveryId = RedisKeys.webhookDeliveryId(subscriptionId, alertId);
        String due = RedisKeys.webhookDue(subscriptionId);
        String hash = RedisKeys.webhookDelivery(deliveryId);
        if (resolution instanceof Resolution.RetryAt retryAt) {
            return new RedisScript.Run(retry, new RedisScript.Call(List.of(due, hash),
                    List.of(alertId, millis(retryAt.due()), retryAt.error())));
        }
        if (resolution instanceof Resolution.Buried buried) {
            return new RedisScript.Run(bury, new RedisScript.Call(List.of(due, hash, RedisKeys.WEBHOOK_DEAD_LETTERS),
                    List.of(alertId, millis(buried.at()), buried.error(), deliveryId)));
        }
        return new RedisScript.Run(delivered, new RedisScript.Call(List.of(due, hash, RedisKeys.WEBHOOK_DEAD_LETTERS),
                List.of(alertId, deliveryId)));
    }

    /** Every delivery queued for the subscription becomes a dead letter with this reason; returns how many. */
    public int buryAll(String subscriptionId, Instant now, String reason) {
        return number(buryAll.run(List.of(RedisKeys.webhookDue(subscriptionId), RedisKeys.WEBHOOK_DEAD_LETTERS),
                List.of(millis(now), reason, hashPrefix(subscriptionId), RedisKeys.webhookDeliveryId(subscriptionId, ""))));
    }

    /** The subscription's queue is thrown away; returns how many deliveries it held. */
    public int drop(String subscriptionId) {
        return number(drop.run(List.of(RedisKeys.webhookDue(subscriptionId)), List.of(hashPrefix(subscriptionId))));
    }

    /**
     * How many deliveries the subscriptions' queues hold, in flight included: one round trip however many
     * subscriptions there are, since the scheduler asks every few seconds and waits for the answer.
     */
    public long queued(Collection<String> subscriptionIds) {
        if (subscriptionIds.isEmpty()) {
            return 0;
        }
        List<Response<Long>> counts = new ArrayList<>(subscriptionIds.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String subscriptionId : subscriptionIds) {
                counts.add(pipeline.zcard(RedisKeys.webhookDue(subscriptionId)));
            }
            pipeline.sync();
        }
        return counts.stream().mapToLong(Response::get).sum();
    }

    /** How many dead letters there are. */
    public long deadLetterCount() {
        return redis.zcard(RedisKeys.WEBHOOK_DEAD_LETTERS);
    }

    /** The newest dead letters first. */
    public List<DeadLetter> deadLetters(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        if (limit <= 0) {
            return letters;
        }
        for (Tuple entry : redis.zrevrangeWithScores(RedisKeys.WEBHOOK_DEAD_LETTERS, 0, limit - 1)) {
            Map<String, String> hash = redis.hgetAll(RedisKeys.webhookDelivery(entry.getElement()));
            if (hash.isEmpty()) {
                continue;
            }
            letters.add(new DeadLetter(entry.getElement(), hash.get("subscription"), hash.get("alertId"),
                    alertType(hash.get("alert")), Integer.parseInt(hash.getOrDefault("attempts", "0")),
                    hash.get("lastError"), Instant.ofEpochMilli((long) entry.getScore())));
        }
        return letters;
    }

    /** The ids of every dead letter, oldest first. */
    public List<String> deadLetterIds() {
        return redis.zrange(RedisKeys.WEBHOOK_DEAD_LETTERS, 0, -1);
    }

    /** Puts these dead letters back on their subscriptions' queues, due at {@code due}; returns how many. */
    public int replay(Collection<String> deliveryIds, Instant due) {
        if (deliveryIds.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(3 + deliveryIds.size());
        args.add(millis(due));
        args.add(RedisKeys.webhookDelivery(""));
        args.add(RedisKeys.webhookDue(""));
        args.addAll(deliveryIds);
        return number(replay.run(List.of(RedisKeys.WEBHOOK_DEAD_LETTERS), args));
    }

    private RedisScript script(String name) {
        return new RedisScript(redis, DeliveryQueue.class, name);
    }

    /** The prefix of a subscription's delivery hashes; the alert id completes the key. */
    private static String hashPrefix(String subscriptionId) {
        return RedisKeys.webhookDelivery(RedisKeys.webhookDeliveryId(subscriptionId, ""));
    }

    private static String alertType(String alertJson) {
        try {
            return AlertJson.fromJson(alertJson).getType();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String millis(Instant instant) {
        return String.valueOf(instant.toEpochMilli());
    }

    private static int number(Object reply) {
        return ((Number) reply).intValue();
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
