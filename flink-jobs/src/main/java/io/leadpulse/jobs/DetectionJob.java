package io.leadpulse.jobs;

import io.leadpulse.jobs.decode.DeadLetter;
import io.leadpulse.jobs.decode.DecodeOrDeadLetter;
import io.leadpulse.jobs.decode.Decoder;
import io.leadpulse.jobs.decode.RawRecord;
import io.leadpulse.jobs.dwell.DeepReadFunction;
import io.leadpulse.jobs.engagement.ContentReached;
import io.leadpulse.jobs.engagement.ContentReachedFunction;
import io.leadpulse.jobs.kafka.KafkaConnections;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadEventDecoder;
import io.leadpulse.jobs.leads.LeadFunction;
import io.leadpulse.jobs.load.RepLoadFunction;
import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.jobs.time.WallClockAwareWatermarks;
import io.leadpulse.jobs.time.WallClockWatermarks;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.leadpulse.schemas.v1.RepLoad;
import io.leadpulse.schemas.v1.TeamRules;
import io.leadpulse.sinks.redis.RedisAlertSink;
import io.leadpulse.sinks.redis.RedisRepLoadSink;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detection job: clicks, dwell beacons and CRM events from Kafka become the alerts of contract section 3,
 * written exactly once to {@code lp.alerts} and idempotently to Redis, and each rep's live load (section 4).
 * Team rules arrive from {@code lp.rules} as broadcast state. Source and sinks come in through the constructor so
 * tests and the launcher can hand in their own; {@link #main} runs it on a real Flink cluster.
 */
public final class DetectionJob {
    /**
     * The layout of the job's state. Bump it whenever a state's type changes in a way Flink cannot restore, so that a
     * start refuses checkpoints of the old layout with what to do instead of failing their restore again and again.
     * 2 (2026-12-04): one value per lead key and per click, a lead's reaches column by column, clicks keyed by link
     * with a map of its visitors. 3 (2026-12-04): reaches keep their alert ids as two numbers each, visitors are
     * remembered by number. 4 (2026-12-06): a lead's seen event ids are numbers too, in one array.
     */
    public static final int STATE_FORMAT = 4;

    /** Flink ships network buffers every 100 ms by default; alerts are worth more than the saved CPU. */
    public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(5);

    /**
     * The lead detectors' writer keeps the names the single alert writer had before each detector got its own (uid
     * {@code alerts-topic}, prefix {@code leadpulse-alerts}), so a job upgraded from a checkpoint of that version
     * still commits the transactions that checkpoint left open.
     */
    private static final String LEAD_ALERTS = "alerts";

    /** The raw Kafka records the job reads. */
    public record Inputs(Source<RawRecord, ?, ?> clicks, Source<RawRecord, ?, ?> beacons,
                         Source<RawRecord, ?, ?> events, Source<RawRecord, ?, ?> rules) {
    }

    /** Where alerts, loads and undecodable records go. */
    public record Outputs(AlertTopic alertTopic, Sink<Alert> alertStore, Sink<RepLoad> loadStore,
                          Sink<DeadLetter> deadLetters) {
    }

    /**
     * {@code lp.alerts} as one detector writes it. Every detector has a writer of its own, chained to it, so an alert
     * is never serialised to reach its sinks; a transactional writer needs its own transactional id prefix.
     */
    @FunctionalInterface
    public interface AlertTopic {
        Sink<Alert> writer(String transactionalIdPrefix);
    }

    private final Inputs inputs;
    private final Outputs outputs;
    private final DetectionSettings settings;

    public DetectionJob(Inputs inputs, Outputs outputs, DetectionSettings settings) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.settings = settings;
    }

    /** The job wired to Kafka and Redis as configured. */
    public static DetectionJob connectedTo(DetectionSettings settings) {
        String kafka = settings.kafkaBootstrap();
        return new DetectionJob(
                new Inputs(KafkaConnections.clicks(kafka), KafkaConnections.beacons(kafka), KafkaConnections.events(kafka),
                        KafkaConnections.rules(kafka)),
                new Outputs(prefix -> KafkaConnections.alerts(kafka, prefix), new RedisAlertSink(settings.redisUrl()),
                        new RedisRepLoadSink(settings.redisUrl()), KafkaConnections.deadLetters(kafka)),
                settings);
    }

    /** Adds the pipeline to the environment, in the order the data flows. */
    public void addTo(StreamExecutionEnvironment env) {
        env.setBufferTimeout(BUFFER_TIMEOUT.toMillis());
        // No function keeps a reference to its input (state holds copies of the fields it needs), so Flink may hand
        // records between chained operators without copying them.
        env.getConfig().enableObjectReuse();
        DetectionSettings.Timing time = settings.time();

        // One partition, one reader. Rules are settings, not events: their event time is the wall clock.
        DataStreamSource<RawRecord> ruleRecords =
                env.fromSource(inputs.rules(), WallClockWatermarks.<RawRecord>of(time.disorder()), "rules");
        ruleRecords.uid("rules-source").setParallelism(1);
        SingleOutputStreamOperator<TeamRules> teamRules = decoded(ruleRecords, "rules", TeamRules.class).setParallelism(1);
        BroadcastStream<TeamRules> rules = teamRules.broadcast(TeamRulesBroadcast.RULES);
        SingleOutputStreamOperator<Click> clicks = decoded(read(env, inputs.clicks(), "clicks"), "clicks", Click.class);
        SingleOutputStreamOperator<DwellBeacon> beacons = decoded(read(env, inputs.beacons(), "beacons"), "beacons", DwellBeacon.class);
        SingleOutputStreamOperator<LeadActivity> events = read(env, inputs.events(), "events")
                .process(new DecodeOrDeadLetter<>(new LeadEventDecoder()), TypeInformation.of(LeadActivity.class))
                .uid("events-decode").name("decode events");

        SingleOutputStreamOperator<Alert> reached = clicks
                .keyBy(ContentReached::linkOf)
                .connect(rules)
                .process(new ContentReachedFunction(), alerts())
                .uid("content-reached").name("content reached");

        SingleOutputStreamOperator<Alert> deepReads = beacons
                .keyBy(DwellBeacon::getClickId)
                .connect(rules)
                .process(new DeepReadFunction(time.readingSession(), time.idempotencyWindow()), alerts())
                .uid("deep-read").name("deep read");

        SingleOutputStreamOperator<Alert> leadAlerts = events
                .union(reached.filter(alert -> alert.getLeadId() != null).map(LeadActivity::reached)
                        .returns(LeadActivity.class).uid("reached-as-activity").name("reach as lead activity"))
                .keyBy(activity -> activity.leadId)
                .connect(rules)
                .process(new LeadFunction(time.lateness(), time.leadStateTtl(), time.idempotencyWindow()), alerts())
                .uid("lead-detectors").name("activation, silence, first response");

        SingleOutputStreamOperator<RepLoad> loads = leadAlerts.getSideOutput(LeadFunction.LEAD_CHANGES)
                .keyBy(change -> change.repId)
                .connect(rules)
                .process(new RepLoadFunction(), new AvroTypeInfo<>(RepLoad.class))
                .uid("rep-load").name("rep load");

        writeAlerts(reached, "content-reached-alerts");
        writeAlerts(deepReads, "deep-read-alerts");
        writeAlerts(leadAlerts, LEAD_ALERTS);
        writeAlerts(loads.getSideOutput(RepLoadFunction.REP_ALERTS), "rep-load-alerts");
        loads.sinkTo(outputs.loadStore()).uid("loads-redis").name("redis rep loads");

        deadLettersOf(clicks).union(deadLettersOf(beacons), deadLettersOf(events), deadLettersOf(teamRules))
                .sinkTo(outputs.deadLetters()).uid("dead-letters").name("lp.dead-letters");
    }

    /**
     * Both alert sinks, chained to the detector: an alert crosses no network to reach them (a single task taking
     * every detector's alerts cost each alert an Avro write, a read and a thread hand-off on its way there).
     */
    private void writeAlerts(DataStream<Alert> alerts, String name) {
        alerts.sinkTo(outputs.alertTopic().writer("leadpulse-" + name)).uid(name + "-topic").name("lp.alerts");
        alerts.sinkTo(outputs.alertStore()).uid(name + "-redis").name("redis alerts");
    }

    private DataStreamSource<RawRecord> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, String name) {
        DataStreamSource<RawRecord> records = env.fromSource(source, eventTime(settings.time()), name);
        records.uid(name + "-source");
        return records;
    }

    /** The event time of the clicks, beacons and lead events the job reads: each record's own, aware of the wall clock. */
    public static WatermarkStrategy<RawRecord> eventTime(DetectionSettings.Timing time) {
        return WallClockAwareWatermarks.<RawRecord>of(time.disorder(), time.idleAfter(), time.startupGrace(),
                (record, kafkaTimestamp) -> record.timestampMillis);
    }

    private static <T extends SpecificRecordBase> SingleOutputStreamOperator<T> decoded(
            DataStream<RawRecord> records, String name, Class<T> type) {
        return records
                .process(new DecodeOrDeadLetter<>(Decoder.avro(type)), new AvroTypeInfo<>(type))
                .uid(name + "-decode").name("decode " + name);
    }

    private static DataStream<DeadLetter> deadLettersOf(SingleOutputStreamOperator<?> decoded) {
        return decoded.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS);
    }

    private static TypeInformation<Alert> alerts() {
        return new AvroTypeInfo<>(Alert.class);
    }

    public static void main(String[] args) throws Exception {
        DetectionSettings settings = DetectionSettings.from(args, System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(settings.checkpointInterval().toMillis());
        }
        connectedTo(settings).addTo(env);
        env.execute(DetectionSettings.JOB_NAME);
    }
}
