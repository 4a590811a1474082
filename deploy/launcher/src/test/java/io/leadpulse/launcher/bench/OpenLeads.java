package io.leadpulse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.embedded.FreePorts;
import io.leadpulse.gateway.publish.TopicSetup;
import io.leadpulse.jobs.DetectionJob;
import io.leadpulse.jobs.DetectionSettings;
import io.leadpulse.jobs.alerts.AlertTypes;
import io.leadpulse.jobs.kafka.KafkaConnections;
import io.leadpulse.launcher.FlinkMiniCluster;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.LeadEvent;
import io.leadpulse.schemas.v1.TeamRules;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Many open leads, each with a live silence timer, on the heap ({@code hashmap}) or RocksDB state backend: memory per
 * lead, checkpoint size and duration, and how late the silence timers fire. The detection job runs as the launcher's
 * mini cluster runs it ({@link FlinkMiniCluster#configuration}: parallelism 1, a checkpoint every second), its alerts
 * into a sink that clocks them. A team's rule sets silence to {@code silence} seconds; then {@code leads} leads are
 * created (one {@code lead.created} each, written straight into {@code lp.events} at {@code rate} per second, event
 * time = the wall clock at sending), so their silence deadlines (creation + silence, the alert's {@code occurredAt})
 * are spread over leads / rate seconds. The silence is longer than the feed, so every lead is open with its timer
 * before the first fires: memory and checkpoints are measured then. Lateness = the alert's {@code detectedAt} (when
 * the timer ran) - its deadline. Run with {@code deploy/bench/open-leads.sh [leads] [hashmap|rocksdb] [rate] [silence s]}.
 */
public final class OpenLeads {
    private static final String TEAM = "bench-open";

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String backend = args.length > 1 ? args[1] : "hashmap";
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        long feedSeconds = (leads + rate - 1) / rate;
        long silenceSeconds = args.length > 3 ? Long.parseLong(args[3]) : feedSeconds + 60;
        Path dir = Files.createTempDirectory("lp-bench-open-leads");
        SilenceClock.reset(leads);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
             KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
            TopicSetup.ensureTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
            producer.send(new ProducerRecord<>(Topics.RULES, TEAM, AvroSerde.of(TeamRules.class).serialize(TeamRules.newBuilder()
                    .setTeamId(TEAM).setSilenceSeconds(silenceSeconds).setUpdatedAt(Instant.now()).build()))).get();

            int restPort = FreePorts.pick();
            // As `up` runs it (LP_STATE_BACKEND, LP_ROCKSDB_MEMORY): RocksDB in dir/rocksdb with incremental checkpoints.
            Configuration conf = FlinkMiniCluster.configuration(new DetectionSettings(kafka.bootstrapServers(), "redis://unused"),
                    BenchPipelineConfig.of(Map.of("LP_STATE_BACKEND", backend)).keyedState(), dir.resolve("checkpoints"));
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            conf.set(RestOptions.BIND_PORT, String.valueOf(restPort));
            conf.set(RestOptions.PORT, restPort);
            conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            new DetectionJob(new DetectionJob.Inputs(KafkaConnections.clicks(kafka.bootstrapServers()),
                    KafkaConnections.beacons(kafka.bootstrapServers()), KafkaConnections.events(kafka.bootstrapServers()),
                    KafkaConnections.rules(kafka.bootstrapServers())),
                    new DetectionJob.Outputs(prefix -> new DiscardingSink<>(), new SilenceClock(), new DiscardingSink<>(), new DiscardingSink<>()),
                    new DetectionSettings(kafka.bootstrapServers(), "redis://unused")).addTo(env);
            JobClient job = env.executeAsync("open-leads");
            FlinkRest rest = new FlinkRest(restPort, job.getJobID().toString());
            rest.awaitRecordsRead(1, Duration.ofMinutes(2)); // the team's rule has reached the lead detectors

            Memory before = Memory.now(dir.resolve("rocksdb"));
            System.out.printf("state backend %s; %,d leads at %,d/s (%d s), silence %d s; before: heap after GC %,d MB, RSS %,d MB%n",
                    backend, leads, rate, feedSeconds, silenceSeconds, before.heapBytes >> 20, before.rssBytes >> 20);
            long feedStart = System.currentTimeMillis();
            feed(producer, leads, rate);
            long fed = System.currentTimeMillis();
            rest.awaitRecordsRead(leads + 1, Duration.ofSeconds(silenceSeconds));
            long ingested = System.currentTimeMillis();
            System.out.printf("fed in %.1f s, all read by the lead detectors %.1f s after the feed began%n",
                    (fed - feedStart) / 1e3, (ingested - feedStart) / 1e3);

            // Every lead is open and waiting for its silence: three checkpoints that start now hold all of them.
            List<JsonNode> checkpoints = rest.checkpointsTriggeredAfter(ingested, 3, feedStart + silenceSeconds * 1_000 - 5_000);
            Memory full = Memory.now(dir.resolve("rocksdb"));
            long heapPerLead = (full.heapBytes - before.heapBytes) / leads;
            long rssPerLead = (full.rssBytes - before.rssBytes) / leads;
            System.out.printf("all open: heap after GC %,d MB (+%,d B per lead), RSS %,d MB (+%,d B per lead), RocksDB files %,d MB (%,d B per lead)%n",
                    full.heapBytes >> 20, heapPerLead, full.rssBytes >> 20, rssPerLead, full.rocksDbBytes >> 20, full.rocksDbBytes / leads);
            for (JsonNode checkpoint : checkpoints) {
                System.out.printf("  checkpoint %d: full state %,d MB (%,d B per lead), uploaded %,d MB, %,d ms end to end%n",
                        checkpoint.path("id").asLong(), checkpoint.path("state_size").asLong() >> 20,
                        checkpoint.path("state_size").asLong() / leads, checkpoint.path("checkpointed_size").asLong() >> 20,
                        checkpoint.path("end_to_end_duration").asLong());
            }

            long lastDeadline = fed + silenceSeconds * 1_000;
            while (SilenceClock.count() < leads && System.currentTimeMillis() < lastDeadline + 120_000) {
                Thread.sleep(200);
            }
            long[] lateness = SilenceClock.lateness();
            long[] atSink = SilenceClock.latenessAtSink();
            Arrays.sort(lateness);
            Arrays.sort(atSink);
            long late = Arrays.stream(lateness).filter(millis -> millis > 2_000).count();
            System.out.printf("lead.silent alerts: %,d of %,d leads (%,d other alerts)%n", lateness.length, leads, SilenceClock.others.get());
            if (lateness.length > 0) {
                System.out.printf("timer lateness (detectedAt - deadline): p50 %,d ms, p99 %,d ms, max %,d ms; later than 2 s: %,d%n",
                        quantile(lateness, 0.50), quantile(lateness, 0.99), lateness[lateness.length - 1], late);
                System.out.printf("  deadline -> alert at the sink: p50 %,d ms, p99 %,d ms, max %,d ms%n",
                        quantile(atSink, 0.50), quantile(atSink, 0.99), atSink[atSink.length - 1]);
            }
            JsonNode summary = rest.checkpoints().path("summary");
            System.out.printf("checkpoints over the run: %d completed, %d failed; end to end p50 %,d ms, max %,d ms; full state max %,d MB%n",
                    rest.checkpoints().path("counts").path("completed").asLong(), rest.checkpoints().path("counts").path("failed").asLong(),
                    summary.path("end_to_end_duration").path("p50").asLong(), summary.path("end_to_end_duration").path("max").asLong(),
                    summary.path("state_size").path("max").asLong() >> 20);
            job.cancel().get();
        }
    }

    /** One {@code lead.created} per lead, event time = now, paced at {@code rate} per second. */
    private static void feed(KafkaProducer<String, byte[]> producer, int leads, int rate) throws InterruptedException {
        AvroSerde<LeadEvent> serde = AvroSerde.of(LeadEvent.class);
        long start = System.nanoTime();
        for (int i = 0; i < leads; i++) {
            long due = start + (long) i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                Thread.sleep(wait / 1_000_000);
            }
            String lead = "L-" + i;
            Instant now = Instant.now();
            producer.send(new ProducerRecord<>(Topics.EVENTS, null, now.toEpochMilli(), lead, serde.serialize(LeadEvent.newBuilder()
                    .setId(lead + "-c").setType("lead.created").setTeamId(TEAM).setLeadId(lead).setRepId("r" + (i % 500))
                    .setActor(Actor.SYSTEM).setOccurredAt(now).setReceivedAt(now).build())));
        }
        producer.flush();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static long quantile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** Heap in use after a full collection, the process's resident set, and RocksDB's files under its local directory. */
    private record Memory(long heapBytes, long rssBytes, long rocksDbBytes) {
        static Memory now(Path rocksDb) throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(0L);
            long files = 0;
            if (Files.isDirectory(rocksDb)) {
                try (Stream<Path> paths = Files.walk(rocksDb)) {
                    files = paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
                }
            }
            return new Memory(heap, rss, files);
        }
    }

    /** Clocks the silence alerts (the mini cluster runs in this JVM): deadline, detection and arrival here. */
    static final class SilenceClock implements Sink<Alert> {
        private static long[] lateness = new long[0];
        private static long[] atSink = new long[0];
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final AtomicLong others = new AtomicLong();

        static void reset(int leads) {
            lateness = new long[leads];
            atSink = new long[leads];
            COUNT.set(0);
        }

        static int count() {
            return Math.min(COUNT.get(), lateness.length);
        }

        static long[] lateness() {
            return Arrays.copyOf(lateness, count());
        }

        static long[] latenessAtSink() {
            return Arrays.copyOf(atSink, count());
        }

        @Override
        public SinkWriter<Alert> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Alert alert, Context context) {
                    if (!alert.getType().equals(AlertTypes.SILENT)) {
                        others.incrementAndGet();
                        return;
                    }
                    long deadline = alert.getOccurredAt().toEpochMilli();
                    int i = COUNT.getAndIncrement();
                    if (i < lateness.length) {
                        lateness[i] = alert.getDetectedAt().toEpochMilli() - deadline;
                        atSink[i] = System.currentTimeMillis() - deadline;
                    }
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
