package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.sinks.webhooks.delivery.queue.DeadLetter;
import io.leadpulse.sinks.webhooks.delivery.queue.DeliveryQueue;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * The webhook deliveries that were given up (schedule exhausted, subscription disabled), for a person to inspect
 * and replay once the receiver is fixed: what an operator command builds on.
 */
public final class DeadLetters implements AutoCloseable {
    /** Replays are sent in slices of this many, each one atomic. */
    private static final int REPLAY_SLICE = 500;

    private final DeliveryQueue queue;
    private final Clock clock;
    private final RedisClient ownRedis;

    DeadLetters(DeliveryQueue queue, Clock clock) {
        this(queue, clock, null);
    }

    private DeadLetters(DeliveryQueue queue, Clock clock, RedisClient ownRedis) {
        this.queue = queue;
        this.clock = clock;
        this.ownRedis = ownRedis;
    }

    /** Dead letters of the queue in this Redis, over connections the caller owns (closing this leaves them open). */
    public static DeadLetters on(RedisClient redis, Clock clock) {
        return new DeadLetters(new DeliveryQueue(redis), clock);
    }

    /** Dead letters of the queue in this Redis, without a running sink (closing it closes the connection). */
    public static DeadLetters connect(String redisUrl, Clock clock) {
        RedisClient redis = RedisClient.create(redisUrl);
        return new DeadLetters(new DeliveryQueue(redis), clock, redis);
    }

    /** The newest {@code limit} dead letters, newest first. */
    public List<DeadLetter> list(int limit) {
        return queue.deadLetters(limit);
    }

    /**
     * Puts the given dead letters (by {@link DeadLetter#id()}) back on their subscriptions' queues, due now, with
     * the whole retry schedule ahead of them again. Ids that are not dead letters are ignored.
     *
     * @return how many were put back
     */
    public int replay(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        int replayed = 0;
        for (int from = 0; from < all.size(); from += REPLAY_SLICE) {
            replayed += queue.replay(all.subList(from, Math.min(all.size(), from + REPLAY_SLICE)), clock.instant());
        }
        return replayed;
    }

    /** Replays every dead letter; returns how many. */
    public int replayAll() {
        return replay(queue.deadLetterIds());
    }

    @Override
    public void close() {
        if (ownRedis != null) {
            ownRedis.close();
        }
    }
}
