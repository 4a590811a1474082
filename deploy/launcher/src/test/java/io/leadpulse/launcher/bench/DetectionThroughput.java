package io.leadpulse.launcher.bench;

import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.gateway.publish.TopicSetup;
import io.leadpulse.jobs.DetectionJob;
import io.leadpulse.jobs.DetectionSettings;
import io.leadpulse.jobs.decode.DecodeOrDeadLetter;
import io.leadpulse.jobs.decode.Decoder;
import io.leadpulse.jobs.decode.RawRecord;
import io.leadpulse.jobs.decode.RawRecordDeserializer;
import io.leadpulse.jobs.kafka.KafkaConnections;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadEventDecoder;
import io.leadpulse.launcher.KeyedStateSettings;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.ActivityEvent;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.leadpulse.schemas.v1.LeadEvent;
import io.leadpulse.schemas.v1.TeamRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecordBase;
import java.util.function.ToDoubleFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Throughput of the whole detection job against a pass-through job (the same Kafka sources, a discarding sink), on
 * the same recorded events, one core each (parallelism 1; heap state, or RocksDB as {@code up} runs it with
 * {@code LP_ROCKSDB_MEMORY}), alternating rounds after {@code warm-up} rounds
 * of each that are not counted (the JIT compiler is still busy for several rounds). Each run reports its rate by the
 * wall clock and by the JVM's CPU time (every thread: tasks, broker, garbage collector, compiler), which a busy
 * machine disturbs less. Each round also runs the sources with the job's decoding alone, and the {@link KeyedFloor}: the
 * job's shape on Flink's keyed machinery without its rules, a floor for its keyed stages. Run with
 * {@code deploy/bench/detection-throughput.sh [leads] [rounds] [state backend] [warm-up]}.
 *
 * <p>By default every run is a job submitted to one mini cluster that lives for the whole benchmark, as a job that runs
 * for days has one cluster under it: a new mini cluster per run loads Flink's RPC system (Pekko, Scala) in a class
 * loader of its own, which the JIT compiler then compiles anew, about half of a short pass-through run's CPU.
 * {@code LP_BENCH_CLUSTER=per-run} starts a cluster per run instead, as the benchmark did up to session 11.
 */
public final class DetectionThroughput {
    /**
     * Two days ago, so that the whole recorded day (and the half hour after each lead's creation) is history, as in a
     * replay, rather than reaching into the present hour. Older records would fall to the broker's 7-day retention.
     */
    private static final Instant T0 = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String backend = args.length > 2 ? args[2] : "hashmap";
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        boolean clusterPerRun = "per-run".equals(System.getenv("LP_BENCH_CLUSTER"));
        Path dir = Files.createTempDirectory("lp-bench");
        // As `up` runs it (LP_STATE_BACKEND, LP_ROCKSDB_MEMORY): on RocksDB its memory, bloom filters and a working
        // directory of its own; without this the benchmark measured RocksDB with Flink's local defaults.
        StateOfEveryRun keyedState = new StateOfEveryRun(BenchPipelineConfig.of(Map.of("LP_STATE_BACKEND", backend)).keyedState(),
                dir.resolve("rocksdb"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
             Cluster cluster = clusterPerRun ? Cluster.perRun() : Cluster.shared(keyedState)) {
            TopicSetup.ensureTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
            long events = record(kafka.bootstrapServers(), leads);
            System.out.printf("recorded %,d events for %,d leads; state backend %s; %d warm-up rounds; %s%n", events, leads, backend, warmUp,
                    clusterPerRun ? "a mini cluster per run" : "one mini cluster for all runs");
            for (int round = 1; round <= warmUp; round++) {
                for (Job job : Job.values()) {
                    run(cluster, kafka.bootstrapServers(), keyedState, job, events);
                }
            }
            Map<Job, List<Rate>> rates = new EnumMap<>(Job.class);
            for (int round = 1; round <= rounds; round++) {
                Map<Job, Rate> runs = new EnumMap<>(Job.class);
                for (Job job : Job.values()) {
                    runs.put(job, run(cluster, kafka.bootstrapServers(), keyedState, job, events));
                    rates.computeIfAbsent(job, j -> new ArrayList<>()).add(runs.get(job));
                }
                System.out.println("round " + round + ": " + compared(runs));
            }
            Map<Job, Rate> medians = new EnumMap<>(Job.class);
            rates.forEach((job, runs) -> medians.put(job, new Rate(median(runs, Rate::perSecond), median(runs, Rate::perCpuSecond),
                    median(runs, Rate::fromFirstRecord))));
            System.out.println("median: " + compared(medians));
        }
    }

    /** The jobs of a round, side by side, and the detection job against each of the others. */
    private static String compared(Map<Job, Rate> runs) {
        Rate plain = runs.get(Job.PASS_THROUGH);
        Rate decoding = runs.get(Job.DECODE);
        Rate floor = runs.get(Job.KEYED_FLOOR);
        Rate full = runs.get(Job.DETECTION);
        return String.format("pass-through %s, decode only %s, keyed floor %s, detection %s; ratio %s, against decode only %s, "
                        + "against the keyed floor %s; the keyed floor against the pass-through %s", plain, decoding, floor, full,
                full.against(plain), full.against(decoding), full.against(floor), floor.against(plain));
    }

    /** What a round runs, in this order. */
    private enum Job {
        /** The job's sources, their records counted and dropped: what reading the events costs. */
        PASS_THROUGH("pass-through (events)"),
        /** The sources and the job's own decoding (Avro, lead events to activities, dead letters), then dropped. */
        DECODE("decode only (events)"),
        /** The detection job's shape without its rules ({@link KeyedFloor}): the least its keyed stages ask of Flink. */
        KEYED_FLOOR("keyed floor (rep load changes)"),
        /** The whole detection job, its alerts counted and its other outputs dropped. */
        DETECTION("detection (alerts)");

        /** The job and what its sink counts. */
        final String counted;

        Job(String counted) {
            this.counted = counted;
        }
    }

    /**
     * A run's events per second of wall time and per second of the JVM's CPU time, and per second from the first
     * record read to the end (without what a job costs before it reads: its deployment, the consumers' start).
     */
    private record Rate(double perSecond, double perCpuSecond, double fromFirstRecord) {
        /** This rate as a share of another, by each of the three measures. */
        String against(Rate other) {
            return String.format("%.2f (by CPU %.2f, from the first record %.2f)", perSecond / other.perSecond,
                    perCpuSecond / other.perCpuSecond, fromFirstRecord / other.fromFirstRecord);
        }

        @Override
        public String toString() {
            return String.format("%,.0f events/s (%,.0f per CPU-s, %,.0f from the first record)", perSecond, perCpuSecond, fromFirstRecord);
        }
    }

    /** The keyed state every run has as {@code up} runs it, with the directory RocksDB keeps its working files in. */
    private record StateOfEveryRun(KeyedStateSettings settings, Path rocksDbDir) {
        void applyTo(Configuration conf) {
            settings.applyTo(conf, rocksDbDir);
        }
    }

    /** Where a run's job runs: a mini cluster of its own, or the one the benchmark started. */
    private interface Cluster extends AutoCloseable {
        void execute(StreamExecutionEnvironment env, String jobName) throws Exception;

        static Cluster perRun() {
            return new Cluster() {
                @Override
                public void execute(StreamExecutionEnvironment env, String jobName) throws Exception {
                    env.execute(jobName);
                }

                @Override
                public void close() {
                }
            };
        }

        static Cluster shared(StateOfEveryRun keyedState) throws Exception {
            Configuration conf = new Configuration();
            keyedState.applyTo(conf);
            conf.set(RestOptions.BIND_PORT, "0");
            MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                    .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
            cluster.start();
            return new Cluster() {
                @Override
                public void execute(StreamExecutionEnvironment env, String jobName) throws Exception {
                    StreamGraph graph = env.getStreamGraph();
                    graph.setJobName(jobName);
                    cluster.executeJobBlocking(graph.getJobGraph());
                }

                @Override
                public void close() throws Exception {
                    cluster.close();
                }
            };
        }
    }

    private static Rate run(Cluster cluster, String bootstrap, StateOfEveryRun keyedState, Job job, long events) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        keyedState.applyTo(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        DetectionJob.Inputs inputs = new DetectionJob.Inputs(recorded(bootstrap, Topics.CLICKS), recorded(bootstrap, Topics.BEACONS),
                recorded(bootstrap, Topics.EVENTS), recorded(bootstrap, Topics.RULES));
        WatermarkStrategy<RawRecord> none = WatermarkStrategy.noWatermarks();
        switch (job) {
            case PASS_THROUGH -> env.fromSource(inputs.clicks(), none, "clicks")
                    .union(env.fromSource(inputs.beacons(), none, "beacons"), env.fromSource(inputs.events(), none, "events"),
                            env.fromSource(inputs.rules(), none, "rules"))
                    .sinkTo(new CountingSink<>());
            case DECODE -> {
                decoded(env.fromSource(inputs.clicks(), none, "clicks"), Click.class);
                decoded(env.fromSource(inputs.beacons(), none, "beacons"), DwellBeacon.class);
                decoded(env.fromSource(inputs.rules(), none, "rules"), TeamRules.class);
                env.fromSource(inputs.events(), none, "events")
                        .process(new DecodeOrDeadLetter<>(new LeadEventDecoder()), TypeInformation.of(LeadActivity.class))
                        .sinkTo(new CountingSink<>());
            }
            case KEYED_FLOOR -> KeyedFloor.addTo(env, inputs, DetectionSettings.Timing.defaults(), new CountingSink<>());
            case DETECTION -> new DetectionJob(inputs, new DetectionJob.Outputs(prefix -> new DiscardingSink<>(), new CountingSink<>(),
                    new DiscardingSink<>(), new DiscardingSink<>()), new DetectionSettings(bootstrap, "redis://unused")).addTo(env);
        }
        CountingSink.COUNT.set(0);
        CountingSink.ALERTS.clear();
        FirstRecordClock.FIRST_NANOS.set(0);
        KeyedFloor.TIMERS_FIRED.set(0);
        // Every run starts from a collected heap: the state and garbage of the run before would otherwise land their
        // collection on whichever run comes next (rounds of the same job differed by half before this).
        System.gc();
        ProcessCpu cpuBefore = ProcessCpu.now();
        JvmOverhead jvmBefore = JvmOverhead.now();
        long start = System.nanoTime();
        cluster.execute(env, job.name().toLowerCase(Locale.ROOT));
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        double readingSeconds = (end - FirstRecordClock.FIRST_NANOS.get()) / 1e9;
        double cpuSeconds = ProcessCpu.now().since(cpuBefore).jvmSeconds();
        System.out.printf("  %s: %,d records out in %.2f s (%.2f s from the first record read), %.2f CPU-s (%s)%n",
                job.counted, CountingSink.COUNT.get(), seconds, readingSeconds, cpuSeconds, JvmOverhead.now().since(jvmBefore));
        if (job == Job.KEYED_FLOOR) {
            System.out.printf("    timers fired: %,d (one per link, click, lead and rep window)%n", KeyedFloor.TIMERS_FIRED.get());
        }
        if (!CountingSink.ALERTS.isEmpty()) {
            System.out.println("    alerts by type (the same every run: a replay makes the same alerts): " + CountingSink.ALERTS);
        }
        return new Rate(events / seconds, events / cpuSeconds, events / readingSeconds);
    }

    /** The job's decoding of one topic, counted and dropped. */
    private static <T extends SpecificRecordBase> void decoded(DataStream<RawRecord> records, Class<T> type) {
        records.process(new DecodeOrDeadLetter<>(Decoder.avro(type)), new AvroTypeInfo<>(type)).sinkTo(new CountingSink<>());
    }

    private static KafkaSource<RawRecord> recorded(String bootstrap, String topic) {
        return KafkaConnections.recorded(bootstrap, topic, new FirstRecordClock());
    }

    /** The job's own deserializer, noting when a run's first record was read (the mini cluster runs in this JVM). */
    static final class FirstRecordClock implements KafkaRecordDeserializationSchema<RawRecord> {
        static final AtomicLong FIRST_NANOS = new AtomicLong();
        private final RawRecordDeserializer records = new RawRecordDeserializer();

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
            if (FIRST_NANOS.get() == 0) {
                FIRST_NANOS.compareAndSet(0, System.nanoTime());
            }
            records.deserialize(record, out);
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return records.getProducedType();
        }
    }

    /** Per lead: created, assigned, a click, three beacons, a customer message, a rep's call, spread over a day. */
    private static long record(String bootstrap, int leads) {
        AvroSerde<LeadEvent> leadEvents = AvroSerde.of(LeadEvent.class);
        AvroSerde<ActivityEvent> activities = AvroSerde.of(ActivityEvent.class);
        AvroSerde<Click> clicks = AvroSerde.of(Click.class);
        AvroSerde<DwellBeacon> beacons = AvroSerde.of(DwellBeacon.class);
        long count = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < leads; i++) {
                String lead = "L-" + i;
                String rep = "r" + (i % 500);
                Instant at = T0.plusMillis(i * (86_400_000L / leads));
                count += send(producer, Topics.EVENTS, lead, at, leadEvents.serialize(lead(lead + "-c", "lead.created", lead, rep, at)));
                count += send(producer, Topics.EVENTS, lead, at, leadEvents.serialize(lead(lead + "-a", "lead.assigned", lead, rep, at)));
                Instant clicked = at.plusSeconds(60);
                String clickId = "c-" + i;
                count += send(producer, Topics.CLICKS, lead, clicked, clicks.serialize(Click.newBuilder().setClickId(clickId)
                        .setCode("k" + i).setTeamId("t" + (i % 20)).setRepId(rep).setLeadId(lead).setOccurredAt(clicked)
                        .setLinkCreatedAt(at).setMethod("GET").setUserAgent("Mozilla/5.0 Chrome/131").setVisitorId("v" + i)
                        .setNetwork("203.0.113.0/24").build()));
                for (int s = 1; s <= 3; s++) {
                    Instant beat = clicked.plusSeconds(15L * s);
                    count += send(producer, Topics.BEACONS, lead, beat, beacons.serialize(DwellBeacon.newBuilder().setClickId(clickId)
                            .setCode("k" + i).setTeamId("t" + (i % 20)).setRepId(rep).setLeadId(lead).setSequence(s)
                            .setVisibleMillis(35_000).setOccurredAt(beat).setTitle("Outline").build()));
                }
                count += send(producer, Topics.EVENTS, lead, clicked.plusSeconds(600),
                        activities.serialize(activity(lead + "-m", "activity.message", lead, rep, Actor.CUSTOMER, clicked.plusSeconds(600))));
                count += send(producer, Topics.EVENTS, lead, clicked.plusSeconds(1200),
                        activities.serialize(activity(lead + "-k", "activity.call", lead, rep, Actor.REP, clicked.plusSeconds(1200))));
            }
            producer.flush();
        }
        return count;
    }

    private static int send(KafkaProducer<String, byte[]> producer, String topic, String key, Instant at, byte[] value) {
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value));
        return 1;
    }

    private static LeadEvent lead(String id, String type, String lead, String rep, Instant at) {
        return LeadEvent.newBuilder().setId(id).setType(type).setTeamId("t" + (Math.abs(lead.hashCode()) % 20)).setLeadId(lead)
                .setRepId(rep).setActor(Actor.SYSTEM).setOccurredAt(at).setReceivedAt(at).build();
    }

    private static ActivityEvent activity(String id, String type, String lead, String rep, Actor actor, Instant at) {
        return ActivityEvent.newBuilder().setId(id).setType(type).setTeamId("t" + (Math.abs(lead.hashCode()) % 20)).setLeadId(lead)
                .setRepId(rep).setActor(actor).setOccurredAt(at).setReceivedAt(at).setText("Any news?").build();
    }

    /** Counts what reaches it (the mini cluster runs in this JVM): proof that every record went through. */
    static final class CountingSink<T> implements Sink<T> {
        static final AtomicLong COUNT = new AtomicLong();
        /** Alerts by type: a replay of the same events must make the same alerts every run. */
        static final Map<String, AtomicLong> ALERTS = new ConcurrentSkipListMap<>();

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    COUNT.incrementAndGet();
                    if (element instanceof Alert alert) {
                        ALERTS.computeIfAbsent(alert.getType(), type -> new AtomicLong()).incrementAndGet();
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

    private static double median(List<Rate> rates, ToDoubleFunction<Rate> figure) {
        double[] sorted = rates.stream().mapToDouble(figure).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
