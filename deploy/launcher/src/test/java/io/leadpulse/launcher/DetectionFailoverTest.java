package io.leadpulse.launcher;

import static io.leadpulse.launcher.AlertTopic.committedAlerts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.gateway.publish.TopicSetup;
import io.leadpulse.jobs.DetectionSettings;
import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The detection job killed in the middle of a stream of clicks and started again from its newest checkpoint: every
 * alert arrives, none twice, in Redis and in {@code lp.alerts}.
 */
class DetectionFailoverTest {
    private static final int CLICKS = 400;

    @TempDir
    Path stateDir;

    @Test
    void aJobKilledMidStreamAndRestartedFromItsCheckpointLosesNoAlertAndDoublesNone() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(stateDir.resolve("kafka"));
             EmbeddedRedis redisServer = EmbeddedRedis.start(stateDir.resolve("redis"));
             RedisClient redis = RedisClient.create(redisServer.url());
             KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
            TopicSetup.ensureTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
            DetectionSettings settings = new DetectionSettings(kafka.bootstrapServers(), redisServer.url());
            Path checkpoints = stateDir.resolve("checkpoints");
            List<String> expected = IntStream.range(0, CLICKS).mapToObj(i -> AlertIds.of("content.reached", "c-" + i)).toList();

            // Given a running job that has taken the first half of the clicks and checkpointed some of them
            try (FlinkMiniCluster job = FlinkMiniCluster.start(settings, checkpoints)) {
                send(producer, 0, CLICKS / 2);
                await().atMost(Duration.ofSeconds(60)).until(() -> redis.xlen("lp:alerts") >= CLICKS / 4);
                await().atMost(Duration.ofSeconds(30)).until(() -> FlinkMiniCluster.newestCheckpoint(checkpoints).isPresent());
            }

            // When it is killed mid-stream (closing cancels it), clicks keep coming, and it is started again
            send(producer, CLICKS / 2, CLICKS);
            try (FlinkMiniCluster restarted = FlinkMiniCluster.start(settings, checkpoints)) {
                // Then every alert is in Redis once, and in lp.alerts once
                await().atMost(Duration.ofSeconds(90)).until(() -> redis.xlen("lp:alerts") >= CLICKS);
                Thread.sleep(3 * settings.checkpointInterval().toMillis());
                assertThat(redis.xlen("lp:alerts")).isEqualTo(CLICKS);
                assertThat(redis.zrange("lp:alerts:team:t1", 0, -1)).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(committedAlerts(kafka.bootstrapServers(), CLICKS, Duration.ofSeconds(30)))
                        .extracting(Alert::getId).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, int from, int to) throws InterruptedException {
        AvroSerde<Click> serde = AvroSerde.of(Click.class);
        Instant now = Instant.now();
        for (int i = from; i < to; i++) {
            Click click = Click.newBuilder().setClickId("c-" + i).setCode("code" + (i % 7)).setTeamId("t1").setRepId("r7")
                    .setLeadId("L-" + (i % 50)).setOccurredAt(now.plusMillis(i)).setLinkCreatedAt(now.minusSeconds(3600))
                    .setMethod("GET").setUserAgent(GatewayClient.BROWSER).setVisitorId("v-" + i).setNetwork("203.0.113.0/24").build();
            producer.send(new ProducerRecord<>(Topics.CLICKS, click.getLeadId(), serde.serialize(click)));
            if (i % 20 == 0) {
                producer.flush();
                Thread.sleep(50); // a stream, not a burst: the kill lands in the middle of it
            }
        }
        producer.flush();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }
}
