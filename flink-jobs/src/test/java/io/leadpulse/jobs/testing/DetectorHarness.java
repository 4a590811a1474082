package io.leadpulse.jobs.testing;

import io.leadpulse.jobs.rules.TeamRulesBroadcast;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * One detector (a keyed function with the team rules broadcast to it) under Flink's test harness, driven the way
 * the job drives it: events, rule updates, event time on both inputs, and a restart from a snapshot.
 */
public final class DetectorHarness<IN, OUT> implements AutoCloseable {
    private final Supplier<KeyedBroadcastProcessFunction<String, IN, TeamRules, OUT>> function;
    private final KeySelector<IN, String> key;
    private KeyedBroadcastOperatorTestHarness<String, IN, TeamRules, OUT> harness;
    private long checkpointId;

    public DetectorHarness(Supplier<KeyedBroadcastProcessFunction<String, IN, TeamRules, OUT>> function, KeySelector<IN, String> key)
            throws Exception {
        this.function = function;
        this.key = key;
        this.harness = newHarness();
        harness.open();
    }

    private KeyedBroadcastOperatorTestHarness<String, IN, TeamRules, OUT> newHarness() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(function.get(), List.of(TeamRulesBroadcast.RULES)), key, Types.STRING, 1, 1, 0);
    }

    /** An event whose Kafka timestamp is its time. */
    public void process(IN event, Instant at) throws Exception {
        harness.processElement(event, at.toEpochMilli());
    }

    public void rules(TeamRules rules) throws Exception {
        harness.processBroadcastElement(rules, rules.getUpdatedAt().toEpochMilli());
    }

    /** Event time reaches {@code at} on both inputs (the events and the rules). */
    public void advanceTo(Instant at) throws Exception {
        harness.processWatermark(new Watermark(at.toEpochMilli()));
        harness.processBroadcastWatermark(new Watermark(at.toEpochMilli()));
    }

    public void setProcessingTime(Instant now) throws Exception {
        harness.setProcessingTime(now.toEpochMilli());
    }

    /** Snapshots the state, stops, and starts a new instance of the function from the snapshot. */
    public void restart() throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(++checkpointId, checkpointId);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
    }

    /** Everything emitted so far, oldest first; {@link #clearOutput()} forgets it. */
    public List<OUT> output() {
        return harness.extractOutputValues();
    }

    public <X> List<X> sideOutput(OutputTag<X> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    public void clearOutput() {
        harness.getOutput().clear();
    }

    public int eventTimeTimers() {
        return harness.numEventTimeTimers();
    }

    public int processingTimeTimers() {
        return harness.numProcessingTimeTimers();
    }

    /** How many bytes a checkpoint of the function's state takes now. */
    public long checkpointBytes() throws Exception {
        return harness.snapshot(++checkpointId, checkpointId).getStateSize();
    }

    /** How many keyed state entries (a value, or a map, of one key) the function holds: 0 once all is released. */
    public int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
