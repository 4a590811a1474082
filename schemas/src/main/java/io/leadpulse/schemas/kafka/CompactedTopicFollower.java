package io.leadpulse.schemas.kafka;

import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.serde.InvalidRecordException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a compacted topic of Avro records from its beginning and then follows it, on one daemon thread, handing
 * every record to a {@link View}: how each gateway keeps an in-memory copy of a table whose durable form is a topic
 * ({@code lp.links}, {@code lp.rules}). No consumer group: every instance reads everything.
 */
public final class CompactedTopicFollower<T extends SpecificRecord> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long one question about the topic waits for Kafka before it is asked again. */
    private static final Duration METADATA_WAIT = Duration.ofSeconds(10);

    /** What a follower feeds: the in-memory table. Called on the follower's thread only. */
    public interface View<T> {
        /**
         * The newest value of a key. {@code offset} grows with every write of the same key (a key always lands on the
         * same partition), so a view that also takes writes from elsewhere can tell an older record from a newer one.
         */
        void put(String key, T value, long offset);

        /** A tombstone: the key was deleted. */
        void remove(String key, long offset);

        /** Every record that was on the topic at start has been handed over. */
        default void caughtUp() {
        }
    }

    private final String topic;
    private final View<T> view;
    private final AvroSerde<T> serde;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    /**
     * Starts following at once.
     *
     * @param name what the table is, for the consumer's client id and the thread's name ({@code links}, {@code rules})
     */
    public CompactedTopicFollower(String bootstrapServers, String topic, Class<T> type, String name, View<T> view) {
        this.topic = topic;
        this.view = view;
        this.serde = AvroSerde.of(type);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "leadpulse-gateway-" + name,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::follow, "lp-" + name + "-follower");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether every record that was on the topic at start has been handed to the view. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = awaitEndOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (!caughtUp && endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    view.caughtUp();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us up.
        } catch (RuntimeException e) {
            LOG.error("Stopped following {}", topic, e);
        } finally {
            consumer.close();
        }
    }

    /** The topic's partitions, once Kafka can tell: however long it is away, the follower waits rather than stops. */
    private List<TopicPartition> awaitPartitions() {
        while (true) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_WAIT);
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
                LOG.warn("Topic {} is not there yet; waiting", topic);
            } catch (TimeoutException e) {
                LOG.warn("Kafka did not answer about {} within {} s; still waiting", topic, METADATA_WAIT.toSeconds());
            }
        }
    }

    /** Where the partitions end now, asked again until Kafka answers. */
    private Map<TopicPartition, Long> awaitEndOffsets(List<TopicPartition> partitions) {
        while (true) {
            try {
                return consumer.endOffsets(partitions, METADATA_WAIT);
            } catch (TimeoutException e) {
                LOG.warn("Kafka did not say where {} ends within {} s; still waiting", topic, METADATA_WAIT.toSeconds());
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            view.remove(record.key(), record.offset());
            return;
        }
        try {
            view.put(record.key(), serde.deserialize(record.value()), record.offset());
        } catch (InvalidRecordException e) {
            LOG.warn("Skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    /** Stops following and waits (up to 5 s) for the thread to end. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
