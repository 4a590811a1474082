package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.WebhookSubscription;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Disables a subscription whose receiver said it is gone (HTTP 410) the way the gateway changes one: by writing the
 * whole record again to {@code lp.webhooks}, with {@code disabled} and the reason, so every instance and the API see
 * it and a restart does not bring the dead endpoint back.
 */
final class SubscriptionDisabler implements AutoCloseable {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerde<WebhookSubscription> serde = AvroSerde.of(WebhookSubscription.class);

    SubscriptionDisabler(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "leadpulse-webhook-sink",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The record as written, and its offset on the topic. */
    record Written(WebhookSubscription subscription, long offset) {
    }

    /** Writes the subscription as disabled for {@code reason} and waits for Kafka's acknowledgement. */
    Written disable(WebhookSubscription subscription, String reason) throws DisableFailed {
        WebhookSubscription disabled = WebhookSubscription.newBuilder(subscription)
                .setDisabled(true)
                .setDisabledReason(reason)
                .build();
        try {
            long offset = producer.send(new ProducerRecord<>(Topics.WEBHOOKS, disabled.getId(), serde.serialize(disabled)))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
            return new Written(disabled, offset);
        } catch (ExecutionException e) {
            throw new DisableFailed(subscription.getId(), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new DisableFailed(subscription.getId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DisableFailed(subscription.getId(), e);
        }
    }

    /** Kafka did not take the disabled record. */
    static final class DisableFailed extends Exception {
        DisableFailed(String subscriptionId, Throwable cause) {
            super("could not write subscription " + subscriptionId + " as disabled to " + Topics.WEBHOOKS, cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
