package io.leadpulse.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events made on the sender thread: in queue order, and one that cannot be made is lost alone, never the sender. */
class EventPublisherTest {
    @TempDir
    Path dir;

    @Test
    void anEventThatCannotBeMadeIsCountedAndTheEventsAroundItAreSentInOrder() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            TopicSetup.ensureTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
            try (EventPublisher publisher = new EventPublisher(kafka.bootstrapServers(), 100, Topics.BEACONS, dir.resolve("spool"),
                    metrics, Clock.systemUTC())) {
                assertThat(publisher.publish(Topics.BEACONS, "L-1", beacon(1))).isTrue();
                Supplier<DwellBeacon> broken = () -> {
                    throw new IllegalStateException("a bug in a maker");
                };
                assertThat(publisher.publish(Topics.BEACONS, "L-1", broken)).isTrue();
                assertThat(publisher.publish(Topics.BEACONS, "L-1", () -> beacon(2))).isTrue();
                assertThat(publisher.publish(Topics.BEACONS, "L-1", () -> beacon(3))).isTrue();

                assertThat(sequences(kafka.bootstrapServers(), 3)).containsExactly(1L, 2L, 3L);
            }
        }
        assertThat(metrics.counter("lp_gateway_events_unmade").count()).isEqualTo(1.0);
        assertThat(metrics.counter("lp_gateway_events_produced").count()).isEqualTo(3.0);
    }

    private static DwellBeacon beacon(long sequence) {
        return DwellBeacon.newBuilder().setClickId("c0de.nonce.mac").setCode("c0de").setTeamId("t").setRepId("r").setLeadId("L-1")
                .setContentId(null).setTitle(null).setSequence(sequence).setVisibleMillis(5_000)
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    }

    /** The beacons' sequence numbers in the order Kafka holds them, once {@code expected} are there (or 20 s passed). */
    private static List<Long> sequences(String bootstrap, int expected) {
        AvroSerde<DwellBeacon> serde = AvroSerde.of(DwellBeacon.class);
        List<Long> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.BEACONS));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    found.add(serde.deserialize(record.value()).getSequence());
                }
            }
        }
        return found;
    }
}
