package io.leadpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.gateway.publish.TopicSetup;
import io.leadpulse.jobs.decode.RawRecord;
import io.leadpulse.jobs.kafka.KafkaConnections;
import io.leadpulse.jobs.time.WallClockAwareWatermarks;
import io.leadpulse.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time while the job replays recorded events through the real Kafka source: it follows the records for as long
 * as the replay takes, so that a replay gives the alerts the live run gave. Flink gives each source subtask a
 * watermark generator of its own besides one per partition, and passes that one's watermarks on without the
 * partitions': had it followed the clock after its startup grace, event time would have jumped to now in the middle
 * of any replay that took longer than the grace (a replay of a million leads lost half of its activations that way).
 */
class ReplayEventTimeTest {
    /** Long past (a backlog), but within the broker's 7-day retention, which could delete older records mid-test. */
    private static final Instant PAST = Instant.now().minus(Duration.ofDays(2));
    private static final int RECORDS = 2_000;
    /** Far shorter than the replay below (a couple of milliseconds per record). */
    private static final Duration STARTUP_GRACE = Duration.ofMillis(300);
    private static final AtomicLong HIGHEST_EVENT_TIME_SEEN = new AtomicLong();
    private static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();
    private static final AtomicLong RECORDS_READ = new AtomicLong();

    @TempDir
    Path dir;

    @Test
    void aReplayThatTakesLongerThanTheStartupGraceKeepsEventTimeAtItsRecords() throws Exception {
        HIGHEST_EVENT_TIME_SEEN.set(Long.MIN_VALUE);
        FIRST_RECORD_NANOS.set(0);
        RECORDS_READ.set(0);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            TopicSetup.ensureTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
            record(kafka.bootstrapServers());
            Configuration conf = new Configuration();
            conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);

            env.fromSource(KafkaConnections.recorded(kafka.bootstrapServers(), Topics.EVENTS),
                            WallClockAwareWatermarks.<RawRecord>of(Duration.ofSeconds(1), Duration.ofMillis(100), STARTUP_GRACE,
                                    (record, kafkaTimestamp) -> record.timestampMillis), "recorded events")
                    .process(new SlowReader())
                    .sinkTo(new DiscardingSink<>());
            env.execute("replay");

            assertThat(RECORDS_READ.get()).as("records the replay read").isEqualTo(RECORDS);
            assertThat(Duration.ofNanos(System.nanoTime() - FIRST_RECORD_NANOS.get())).as("the replay from its first record")
                    .isGreaterThan(STARTUP_GRACE.multipliedBy(10));
            assertThat(Instant.ofEpochMilli(HIGHEST_EVENT_TIME_SEEN.get()))
                    .as("the highest event time a record was read at")
                    .isAfter(PAST.plusSeconds(RECORDS / 2))
                    .isBefore(PAST.plusSeconds(RECORDS));
        }
    }

    /**
     * One event a second from two days ago, all on one partition: the bounded source finishes the empty ones at once,
     * so the partition that delivers says what time it is.
     */
    private static void record(String bootstrap) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(Topics.EVENTS, 0, PAST.plusSeconds(i).toEpochMilli(), "L-" + i,
                        ("event " + i).getBytes(StandardCharsets.UTF_8))));
            }
            // A send that fails does so only in its future: the replay would be short, and its timing says nothing.
            for (Future<RecordMetadata> each : sent) {
                each.get();
            }
        }
    }

    /** Takes a couple of milliseconds a record, as a busy job does, and notes the event time each was read at. */
    private static final class SlowReader extends ProcessFunction<RawRecord, RawRecord> {
        @Override
        public void processElement(RawRecord record, Context ctx, Collector<RawRecord> out) throws InterruptedException {
            FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime());
            RECORDS_READ.incrementAndGet();
            HIGHEST_EVENT_TIME_SEEN.accumulateAndGet(ctx.timerService().currentWatermark(), Math::max);
            Thread.sleep(2);
            out.collect(record);
        }
    }
}
