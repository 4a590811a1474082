package io.leadpulse.gateway.publish;

import io.leadpulse.schemas.serde.AvroSerde;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the gateway's events to Kafka with an idempotent producer (acks=all). {@link #publish} never blocks:
 * it hands the event to a bounded queue that one sender thread drains, so no IO thread ever waits for the
 * producer, not even for its first metadata fetch.
 */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<String, byte[]> producer;
    private final BlockingQueue<PendingEvent> queue;
    private final Map<Class<?>, AvroSerde<?>> serdes = new ConcurrentHashMap<>();
    private final Thread sender;
    private final Counter produced;
    private final Counter failed;
    private final Counter rejected;
    private final String probeTopic;
    private volatile boolean connected;
    private volatile boolean running = true;

    private record PendingEvent(String topic, String key, SpecificRecord record) {
    }

    /**
     * @param probeTopic a topic whose metadata proves the cluster is reachable before anything is sent
     */
    public EventPublisher(String bootstrapServers, int queueCapacity, String probeTopic, MeterRegistry metrics) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "leadpulse-gateway",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                new StringSerializer(), new ByteArraySerializer());
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.probeTopic = probeTopic;
        this.produced = Counter.builder("lp_gateway_events_produced").description("Events acknowledged by Kafka").register(metrics);
        this.failed = Counter.builder("lp_gateway_events_failed").description("Events Kafka did not take").register(metrics);
        this.rejected = Counter.builder("lp_gateway_events_rejected").description("Events refused because the queue was full").register(metrics);
        metrics.gauge("lp_gateway_queue_depth", queue, BlockingQueue::size);
        this.sender = new Thread(this::run, "lp-event-publisher");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Queues an event for Kafka without blocking; false when the queue is full. */
    public boolean publish(String topic, String key, SpecificRecord record) {
        boolean queued = queue.offer(new PendingEvent(topic, key, record));
        if (!queued) {
            rejected.increment();
        }
        return queued;
    }

    /** Sends an event now and completes once Kafka has acknowledged it; may block the calling (worker) thread on metadata. */
    public CompletableFuture<Void> publishAndAcknowledge(String topic, String key, SpecificRecord record) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, serialize(record)), (metadata, error) -> {
                if (error == null) {
                    produced.increment();
                    connected = true;
                    acknowledged.complete(null);
                } else {
                    failed.increment();
                    acknowledged.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    /** Whether the producer reached the cluster and the last send did not time out. */
    public boolean isConnected() {
        return connected;
    }

    public int queueDepth() {
        return queue.size();
    }

    private void run() {
        probe();
        while (running || !queue.isEmpty()) {
            PendingEvent event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event != null) {
                send(event);
            }
        }
    }

    private void probe() {
        while (running && !connected) {
            try {
                producer.partitionsFor(probeTopic);
                connected = true;
            } catch (RuntimeException e) {
                LOG.warn("Kafka is not reachable yet: {}", e.getMessage());
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(PendingEvent event) {
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.key(), serialize(event.record())), (metadata, error) -> {
                if (error == null) {
                    produced.increment();
                    connected = true;
                } else {
                    failed.increment();
                    connected = false;
                    LOG.error("Kafka did not take a {} event for key {}: {}", event.topic(), event.key(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
            connected = false;
            LOG.error("Cannot send a {} event for key {}: {}", event.topic(), event.key(), e.toString());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[] serialize(SpecificRecord record) {
        AvroSerde serde = serdes.computeIfAbsent(record.getClass(), type -> AvroSerde.of((Class) type));
        return serde.serialize(record);
    }

    /** Sends what is queued, then closes the producer. */
    @Override
    public void close() {
        running = false;
        try {
            sender.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.warn("{} events were still queued when the gateway stopped", queue.size());
        }
        producer.close(CLOSE_TIMEOUT);
    }
}
