package io.leadpulse.jobs.decode;

import io.leadpulse.schemas.serde.InvalidRecordException;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw records; one that cannot be decoded goes to the {@link #DEAD_LETTERS} side output with the reason and
 * its original bytes, and the job goes on.
 */
public final class DecodeOrDeadLetter<T> extends ProcessFunction<RawRecord, T> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };
    private static final Logger LOG = LoggerFactory.getLogger(DecodeOrDeadLetter.class);

    private final Decoder<T> decoder;
    private transient Counter undecodable;

    public DecodeOrDeadLetter(Decoder<T> decoder) {
        this.decoder = decoder;
    }

    @Override
    public void open(OpenContext openContext) {
        undecodable = getRuntimeContext().getMetricGroup().counter("lpDeadLetters");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<T> out) {
        T value;
        try {
            value = decoder.decode(record);
        } catch (InvalidRecordException | IllegalArgumentException e) {
            undecodable.inc();
            LOG.warn("Dead letter {}: {}", record.origin(), e.getMessage());
            ctx.output(DEAD_LETTERS, new DeadLetter(record, e.getMessage()));
            return;
        }
        out.collect(value);
    }
}
