package io.leadpulse.launcher.bench;

import io.leadpulse.jobs.DetectionJob;
import io.leadpulse.jobs.DetectionSettings;
import io.leadpulse.jobs.decode.DecodeOrDeadLetter;
import io.leadpulse.jobs.decode.Decoder;
import io.leadpulse.jobs.decode.RawRecord;
import io.leadpulse.jobs.engagement.ContentReached;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadEventDecoder;
import io.leadpulse.jobs.load.LeadChange;
import io.leadpulse.jobs.load.RepLoads;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.jobs.time.WallClockWatermarks;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * A floor for a job of the detection job's shape on Flink, with none of its rules: the same sources and watermarks,
 * the same decoding and buffer timeout, the same four keyed shuffles (clicks by link, beacons by click, lead events and
 * reaches by lead, load changes by rep), each stage connected to the broadcast rules, and in each stage one state value
 * read and written per record and one event-time timer per key. The timer is set at the key's first record and clears
 * the key when it fires, after as long as the detection job keeps that key in the benchmark ({@link #keptFor}), so both
 * jobs hold about as many keys and live timers; the detection job fires more of them (about four per lead, where the
 * floor fires one). A click on a lead becomes a reach for it, and every lead event that names a rep a change of the
 * rep's load (four per lead in the benchmark, where the detection job makes five). No alert is made.
 *
 * <p>{@link DetectionThroughput} runs it beside the pass-through and the detection job, so the gap between the two can
 * be split into what Flink's keyed machinery costs at the least and what the detection job's own work adds to it.
 */
final class KeyedFloor {
    /** Timers fired in the run (the mini cluster runs in this JVM): one per link, click, lead and rep window. */
    static final AtomicLong TIMERS_FIRED = new AtomicLong();

    private KeyedFloor() {
    }

    static void addTo(StreamExecutionEnvironment env, DetectionJob.Inputs inputs, DetectionSettings.Timing time, Sink<LeadChange> changes) {
        env.setBufferTimeout(DetectionJob.BUFFER_TIMEOUT.toMillis());
        env.getConfig().enableObjectReuse();
        KeptFor keptFor = keptFor(time);
        SingleOutputStreamOperator<TeamRules> teamRules = env.fromSource(inputs.rules(), WallClockWatermarks.<RawRecord>of(time.disorder()), "rules")
                .setParallelism(1)
                .process(new DecodeOrDeadLetter<>(Decoder.avro(TeamRules.class)), new AvroTypeInfo<>(TeamRules.class)).setParallelism(1);
        BroadcastStream<TeamRules> rules = teamRules.broadcast(TeamRulesBroadcast.RULES);
        DataStream<Click> clicks = decoded(read(env, inputs.clicks(), "clicks", time), Click.class);
        DataStream<DwellBeacon> beacons = decoded(read(env, inputs.beacons(), "beacons", time), DwellBeacon.class);
        DataStream<LeadActivity> events = read(env, inputs.events(), "events", time)
                .process(new DecodeOrDeadLetter<>(new LeadEventDecoder()), TypeInformation.of(LeadActivity.class));

        DataStream<LeadActivity> reaches = stage(clicks, ContentReached::linkOf, keptFor.link(), rules, KeyedFloor::reachOf,
                TypeInformation.of(LeadActivity.class));
        stage(beacons, DwellBeacon::getClickId, keptFor.click(), rules, (beacon, out) -> { }, Types.VOID).sinkTo(new DiscardingSink<>());
        DataStream<LeadChange> loadChanges = stage(events.union(reaches), activity -> activity.leadId, keptFor.lead(), rules,
                KeyedFloor::changeOf, TypeInformation.of(LeadChange.class));
        stage(loadChanges, change -> change.repId, keptFor.rep(), rules, (change, out) -> out.collect(change), TypeInformation.of(LeadChange.class))
                .sinkTo(changes);
    }

    /** How long after its first record each stage keeps a key: as long as the detection job keeps it in the benchmark. */
    record KeptFor(Duration link, Duration click, Duration lead, Duration rep) {
    }

    static KeptFor keptFor(DetectionSettings.Timing time) {
        return new KeptFor(Rules.defaults().duplicateClickWindow(), // a link's visitors, for the repeat window
                time.readingSession().plus(time.idempotencyWindow()), // a click read deeply, for its session and after it
                time.leadStateTtl(), // a lead without any event, until it expires
                RepLoads.FOLLOW_UP_WINDOW); // a rep for good; over the recorded day no window of 3 days clears one
    }

    private static void reachOf(Click click, Collector<LeadActivity> out) {
        if (click.getLeadId() == null) {
            return; // a click on a link made for no lead reaches no lead, as in the detection job
        }
        LeadActivity reach = new LeadActivity();
        reach.id = click.getClickId();
        reach.type = LeadActivity.CONTENT_REACHED;
        reach.teamId = click.getTeamId();
        reach.leadId = click.getLeadId();
        reach.repId = click.getRepId();
        reach.occurredAtMillis = click.getOccurredAt().toEpochMilli();
        reach.code = click.getCode();
        out.collect(reach);
    }

    private static void changeOf(LeadActivity activity, Collector<LeadChange> out) {
        if (activity.repId != null && !activity.type.equals(LeadActivity.CONTENT_REACHED)) {
            out.collect(new LeadChange(activity.repId, activity.teamId, activity.leadId, LeadChange.Kind.FOLLOWED_UP, activity.occurredAtMillis));
        }
    }

    private static <I, O> SingleOutputStreamOperator<O> stage(DataStream<I> in, KeySelector<I, String> key, Duration keptFor,
                                                             BroadcastStream<TeamRules> rules, Passing<I, O> passing, TypeInformation<O> outType) {
        return in.keyBy(key).connect(rules).process(new OneValueOneTimer<>(keptFor.toMillis(), passing), outType);
    }

    /** What a stage hands on for a record. */
    @FunctionalInterface
    private interface Passing<I, O> extends java.io.Serializable {
        void pass(I record, Collector<O> out);
    }

    /** Per key one value (records seen), read and written per record, and one timer {@code keptForMillis} after its first. */
    private static final class OneValueOneTimer<I, O> extends KeyedBroadcastProcessFunction<String, I, TeamRules, O> {
        private final long keptForMillis;
        private final Passing<I, O> passing;
        private transient ValueState<Long> seen;

        OneValueOneTimer(long keptForMillis, Passing<I, O> passing) {
            this.keptForMillis = keptForMillis;
            this.passing = passing;
        }

        @Override
        public void open(OpenContext openContext) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.LONG));
        }

        @Override
        public void processElement(I record, ReadOnlyContext ctx, Collector<O> out) throws Exception {
            Long count = seen.value();
            if (count == null) {
                count = 0L;
                ctx.timerService().registerEventTimeTimer(ctx.timestamp() + keptForMillis);
            }
            seen.update(count + 1);
            passing.pass(record, out);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) {
            seen.clear();
            TIMERS_FIRED.incrementAndGet();
        }

        @Override
        public void processBroadcastElement(TeamRules rules, Context ctx, Collector<O> out) throws Exception {
            TeamRulesBroadcast.apply(ctx.getBroadcastState(TeamRulesBroadcast.RULES), rules);
        }
    }

    private static DataStream<RawRecord> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, String name,
                                              DetectionSettings.Timing time) {
        return env.fromSource(source, DetectionJob.eventTime(time), name);
    }

    private static <T extends SpecificRecordBase> DataStream<T> decoded(DataStream<RawRecord> records, Class<T> type) {
        return records.process(new DecodeOrDeadLetter<>(Decoder.avro(type)), new AvroTypeInfo<>(type));
    }
}
