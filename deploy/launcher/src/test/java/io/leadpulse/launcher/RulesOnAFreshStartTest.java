package io.leadpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.gateway.publish.TopicSetup;
import io.leadpulse.jobs.decode.RawRecord;
import io.leadpulse.jobs.kafka.KafkaConnections;
import io.leadpulse.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teams' rules reach the detectors as broadcast state, which lives only in the job's checkpoints: a start without
 * one (a new state format, checkpoints moved away) must read every rule again, whatever an earlier run committed.
 */
class RulesOnAFreshStartTest {
    private static final AtomicLong RULES_READ = new AtomicLong();

    @TempDir
    Path dir;

    @Test
    void aStartWithoutACheckpointReadsEveryTeamsRulesAgainWhateverAnEarlierRunCommitted() throws Exception {
        RULES_READ.set(0);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            TopicSetup.ensureTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                for (String team : List.of("t1", "t2", "t3")) {
                    producer.send(new ProducerRecord<>(Topics.RULES, team, ("rules of " + team).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
            committedPastEveryRule(kafka.bootstrapServers());
            Configuration conf = new Configuration();
            conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            env.fromSource(KafkaConnections.rules(kafka.bootstrapServers()), WatermarkStrategy.noWatermarks(), "rules")
                    .process(new Counted())
                    .sinkTo(new DiscardingSink<>());

            JobClient job = env.executeAsync("fresh start");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> RULES_READ.get() >= 3);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(RULES_READ.get()).isEqualTo(3);
        }
    }

    /** What an earlier run of the job left behind: its group's offsets committed after the last rule. */
    private static void committedPastEveryRule(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> earlierRun = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, KafkaConnections.GROUP), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition rules = new TopicPartition(Topics.RULES, 0);
            earlierRun.assign(List.of(rules));
            earlierRun.seekToEnd(List.of(rules));
            long end = earlierRun.position(rules);
            assertThat(end).isEqualTo(3);
            earlierRun.commitSync(Map.of(rules, new OffsetAndMetadata(end)));
        }
    }

    private static final class Counted extends ProcessFunction<RawRecord, RawRecord> {
        @Override
        public void processElement(RawRecord rule, Context ctx, Collector<RawRecord> out) {
            RULES_READ.incrementAndGet();
            out.collect(rule);
        }
    }
}
