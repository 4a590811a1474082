package io.leadpulse.sinks.webhooks.delivery;

import static org.awaitility.Awaitility.await;

import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.TeamRules;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.redis.RedisAlertStore;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.format.MessageFormats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import redis.clients.jedis.RedisClient;

/**
 * What the webhook sink lives among, for its tests: a real Kafka broker with the subscription and rule topics (written
 * the way the gateway writes them), a real Redis with the alert stream (written the way the Redis sink writes it),
 * and sinks started against them. Each test takes its own team, so subscriptions of other tests never match.
 */
final class DeliveryWorld implements AutoCloseable {
    static final List<Duration> SHORT_SCHEDULE = List.of(Duration.ZERO, Duration.ofMillis(300), Duration.ofMillis(300));
    private static final AtomicInteger TEAMS = new AtomicInteger();
    private static final AtomicInteger IDS = new AtomicInteger();

    final EmbeddedKafka kafka;
    final EmbeddedRedis redisServer;
    final RedisClient redis;
    final RedisAlertStore alerts;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerde<WebhookSubscription> subscriptionSerde = AvroSerde.of(WebhookSubscription.class);
    private final AvroSerde<TeamRules> rulesSerde = AvroSerde.of(TeamRules.class);
    private final List<WebhookSink> started = new ArrayList<>();

    DeliveryWorld(Path dir) throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        redisServer = EmbeddedRedis.start(dir.resolve("redis"));
        redis = RedisClient.create(redisServer.url());
        alerts = new RedisAlertStore(redisServer.url());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            admin.createTopics(List.of(
                    new NewTopic(Topics.WEBHOOKS, 1, (short) 1).configs(compacted),
                    new NewTopic(Topics.RULES, 1, (short) 1).configs(compacted))).all().get(30, TimeUnit.SECONDS);
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    static String newTeam() {
        return "team-" + TEAMS.incrementAndGet();
    }

    static String newId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet() + "-" + System.nanoTime();
    }

    /** A sink with the real formats and transport. */
    WebhookSink startSink(List<Duration> schedule, SimpleMeterRegistry registry) {
        return startSink(schedule, registry, MessageFormats::of);
    }

    WebhookSink startSink(List<Duration> schedule, SimpleMeterRegistry registry, Function<WebhookFormat, MessageFormat> formats) {
        return startSink(schedule, registry, formats, WebhookSinkSettings.DEFAULT_ENDPOINT_CONCURRENCY);
    }

    /** A sink with the real formats and transport, and this many attempts in flight per Standard Webhooks endpoint. */
    WebhookSink startSink(List<Duration> schedule, SimpleMeterRegistry registry, int endpointConcurrency) {
        return startSink(schedule, registry, MessageFormats::of, endpointConcurrency);
    }

    WebhookSink startSink(List<Duration> schedule, SimpleMeterRegistry registry, Function<WebhookFormat, MessageFormat> formats,
                          int endpointConcurrency) {
        WebhookSink sink = new WebhookSink(new WebhookSinkSettings(kafka.bootstrapServers(), redisServer.url(), schedule, true,
                endpointConcurrency, Clock.systemUTC()), registry, formats);
        started.add(sink);
        return sink;
    }

    /** Waits until the sink reads the stream: its consumer group exists (alerts before that are not its business). */
    void awaitReading() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return redis.exists(RedisKeys.ALERT_STREAM) && redis.xinfoGroups(RedisKeys.ALERT_STREAM).stream()
                        .anyMatch(group -> group.getName().equals(RedisKeys.WEBHOOK_CONSUMER_GROUP));
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    WebhookSubscription.Builder subscription(String url, WebhookFormat format) {
        return WebhookSubscription.newBuilder()
                .setId(newId("wh"))
                .setUrl(url)
                .setFormat(format)
                .setCreatedAt(Instant.now().minusSeconds(1));
    }

    /** Writes the subscription to lp.webhooks as the gateway does: key = id, the whole record. */
    WebhookSubscription write(WebhookSubscription subscription) throws Exception {
        producer.send(new ProducerRecord<>(Topics.WEBHOOKS, subscription.getId(), subscriptionSerde.serialize(subscription)))
                .get(10, TimeUnit.SECONDS);
        return subscription;
    }

    void delete(WebhookSubscription subscription) throws Exception {
        write(WebhookSubscription.newBuilder(subscription).setDeleted(true).build());
    }

    void writeRules(String teamId, String language) throws Exception {
        TeamRules rules = TeamRules.newBuilder().setTeamId(teamId).setLanguage(language).setUpdatedAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(Topics.RULES, teamId, rulesSerde.serialize(rules))).get(10, TimeUnit.SECONDS);
    }

    /** Every version of the subscription on lp.webhooks, oldest first. */
    List<WebhookSubscription> history(String subscriptionId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.WEBHOOKS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<WebhookSubscription> versions = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (subscriptionId.equals(record.key()) && record.value() != null) {
                        versions.add(subscriptionSerde.deserialize(record.value()));
                    }
                }
            }
            return versions;
        }
    }

    /** An alert of this type and team, detected now. */
    static Alert alert(String type, String teamId, String message) {
        Instant now = Instant.now();
        return Alert.newBuilder()
                .setId(newId("a"))
                .setType(type)
                .setTeamId(teamId)
                .setRepId("r7")
                .setLeadId("L-1")
                .setOccurredAt(now.minusSeconds(2))
                .setDetectedAt(now)
                .setMessage(message)
                .setFacts(Map.of("visibleSeconds", 92L))
                .build();
    }

    /** Puts the alert into the stream the way the Redis sink does. */
    Alert detect(Alert alert) {
        alerts.store(alert);
        return alert;
    }

    /** Deliveries counted with this outcome, over every format. */
    static double deliveries(SimpleMeterRegistry registry, String outcome) {
        return registry.find("lp.webhook.deliveries").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Closes a sink started here (the world closes any still running). */
    void stop(WebhookSink sink) {
        started.remove(sink);
        sink.close();
    }

    /** Closes every sink still running, so that one test's failure leaves no sink behind to deliver another's alerts. */
    void stopSinks() {
        for (WebhookSink sink : List.copyOf(started)) {
            stop(sink);
        }
    }

    @Override
    public void close() throws Exception {
        stopSinks();
        producer.close();
        alerts.close();
        redis.close();
        redisServer.close();
        kafka.close();
    }
}
