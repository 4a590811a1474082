package io.leadpulse.gateway.webhooks;

import io.leadpulse.gateway.publish.EventPublisher;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.kafka.CompactedTopicFollower;
import io.leadpulse.schemas.v1.WebhookSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every webhook subscription. The durable copy is the compacted {@code lp.webhooks} topic (key = subscription id, the
 * whole record each time; {@code deleted = true} ends one); each gateway replays it at start and follows it, so reads
 * touch memory only, and what one instance or the delivery side (which disables subscriptions) writes reaches the
 * others within the follower's poll interval.
 */
public final class WebhookStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookStore.class);

    private final SubscriptionTable table = new SubscriptionTable();
    private final EventPublisher publisher;
    private final Duration writeTimeout;
    private final CompactedTopicFollower<WebhookSubscription> follower;

    /** Thrown when a change could not be stored; nothing changed here. */
    public static final class NotStored extends Exception {
        NotStored(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param writeTimeout how long a change may wait for Kafka's acknowledgement */
    public WebhookStore(String bootstrapServers, EventPublisher publisher, Duration writeTimeout) {
        this.publisher = publisher;
        this.writeTimeout = writeTimeout;
        this.follower = new CompactedTopicFollower<>(bootstrapServers, Topics.WEBHOOKS, WebhookSubscription.class,
                "webhooks", new CompactedTopicFollower.View<>() {
                    @Override
                    public void put(String id, WebhookSubscription record, long offset) {
                        if (record.getDeleted()) {
                            table.remove(id, offset);
                        } else {
                            table.keep(Subscription.from(record), offset);
                        }
                    }

                    @Override
                    public void remove(String id, long offset) {
                        table.remove(id, offset);
                    }

                    @Override
                    public void caughtUp() {
                        LOG.info("Webhook store loaded {} subscriptions", table.size());
                    }
                });
    }

    /** Stores a new subscription and answers once Kafka has acknowledged it; from then on this instance serves it. */
    public Subscription create(Subscription subscription) throws NotStored, InterruptedException {
        long offset = write(subscription.id(), subscription.toRecord(false));
        table.keep(subscription, offset);
        return subscription;
    }

    /** Deletes a subscription once Kafka has acknowledged its end; false when there is no such subscription. */
    public boolean delete(String id) throws NotStored, InterruptedException {
        Subscription existing = table.get(id);
        if (existing == null) {
            return false;
        }
        table.remove(id, write(id, existing.toRecord(true)));
        return true;
    }

    public Optional<Subscription> get(String id) {
        return Optional.ofNullable(table.get(id));
    }

    public List<Subscription> oldestFirst() {
        return table.oldestFirst();
    }

    /** Whether every subscription that was on the topic at start has been loaded. */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public int size() {
        return table.size();
    }

    private long write(String id, WebhookSubscription record) throws NotStored, InterruptedException {
        try {
            RecordMetadata written = publisher.publishAndAcknowledge(Topics.WEBHOOKS, id, record)
                    .get(writeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return written.offset();
        } catch (ExecutionException e) {
            throw new NotStored("Kafka did not take webhook subscription " + id, e.getCause());
        } catch (TimeoutException e) {
            throw new NotStored("Kafka did not acknowledge webhook subscription " + id + " within " + writeTimeout, e);
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
