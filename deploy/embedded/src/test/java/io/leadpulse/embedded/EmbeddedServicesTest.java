package io.leadpulse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

class EmbeddedServicesTest {

    @Test
    void kafkaKeepsItsTopicsAcrossARestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("greetings", "k", "hello")).get();
            }
        }
        try (EmbeddedKafka again = EmbeddedKafka.start(dir)) {
            assertThat(readAll(again.bootstrapServers(), "greetings")).containsExactly("hello");
        }
    }

    @Test
    void redisAnswersAndKeepsItsDataAcrossARestart(@TempDir Path dir) {
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir);
             RedisClient client = RedisClient.create(redis.url())) {
            client.set("lp:test", "kept");
        }
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir);
             RedisClient client = RedisClient.create(redis.url())) {
            assertThat(client.get("lp:test")).isEqualTo("kept");
        }
    }

    @Test
    void aRedisServerLeftRunningOnTheDirectoryIsStoppedBeforeTheNextStartsAndItsDataKept(@TempDir Path dir) {
        EmbeddedRedis leftOver = EmbeddedRedis.start(dir); // never closed, as by a launcher that was killed
        try (RedisClient client = RedisClient.create(leftOver.url())) {
            client.set("lp:test", "written before the kill");
        }
        ProcessHandle leftOverProcess = ProcessHandle.of(leftOver.pid()).orElseThrow();

        try (EmbeddedRedis next = EmbeddedRedis.start(dir);
             RedisClient client = RedisClient.create(next.url())) {
            assertThat(leftOverProcess.isAlive()).as("the server left over").isFalse();
            assertThat(client.get("lp:test")).isEqualTo("written before the kill");
        } finally {
            leftOverProcess.destroyForcibly();
        }
    }

    @Test
    void aStalePidFileStopsNoOtherProcess(@TempDir Path dir) throws Exception {
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(EmbeddedRedis.PID_FILE), bystander.pid() + "\n");

            try (EmbeddedRedis redis = EmbeddedRedis.start(dir)) {
                assertThat(bystander.isAlive()).isTrue();
            }
        } finally {
            bystander.destroy();
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return java.util.stream.StreamSupport.stream(records.spliterator(), false).map(r -> r.value()).toList();
                }
            }
            return List.of();
        }
    }
}
