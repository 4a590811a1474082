package io.leadpulse.gateway.links;

import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.serde.InvalidRecordException;
import io.leadpulse.schemas.v1.LinkCreated;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tracked link, held in memory so a redirect never makes a network call. The durable copy is the compacted
 * {@code lp.links} topic: each gateway replays it at start and follows it, so a link made on one instance is
 * clickable on all of them.
 */
public final class LinkRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkRegistry.class);

    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerde<LinkCreated> serde = AvroSerde.of(LinkCreated.class);
    private final LinkSnapshot snapshot;
    private final Thread follower;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    /**
     * @param snapshotFile a local copy of the registry, loaded first so links resolve even while Kafka is away
     */
    public LinkRegistry(String bootstrapServers, Path snapshotFile) {
        this.snapshot = new LinkSnapshot(snapshotFile);
        for (Link link : snapshot.load()) {
            links.put(link.code(), link);
        }
        snapshot.rewrite(links.values());
        if (!links.isEmpty()) {
            LOG.info("Link registry starts with {} links from its local snapshot", links.size());
        }
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "leadpulse-gateway-links",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.follower = new Thread(this::follow, "lp-link-registry");
        this.follower.setDaemon(true);
        this.follower.start();
    }

    public Optional<Link> find(String code) {
        return Optional.ofNullable(links.get(code));
    }

    /** The link with this code if it exists and has not expired at {@code now}; junk codes are refused before a lookup. */
    public Optional<Link> findLive(String code, Instant now) {
        if (!LinkCodes.isWellFormed(code)) {
            return Optional.empty();
        }
        return find(code).filter(link -> !link.isExpiredAt(now));
    }

    /** Makes a link known here at once, before its record comes back from the topic. */
    public void put(Link link) {
        remember(link);
    }

    /** Keeps a link, and adds it to the local snapshot when it is new or changed. */
    private void remember(Link link) {
        if (!link.equals(links.put(link.code(), link))) {
            snapshot.append(link);
        }
    }

    /** Whether every link that existed at start has been loaded. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    public int size() {
        return links.size();
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (!caughtUp && endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.info("Link registry loaded {} links", links.size());
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us up.
        } catch (RuntimeException e) {
            LOG.error("The link registry stopped following {}", Topics.LINKS, e);
        } finally {
            consumer.close();
            snapshot.close();
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.LINKS, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            LOG.warn("Topic {} is not there yet; waiting", Topics.LINKS);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            links.remove(record.key());
            return;
        }
        try {
            remember(Link.from(serde.deserialize(record.value())));
        } catch (InvalidRecordException e) {
            LOG.warn("Skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            follower.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
