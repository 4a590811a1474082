package io.leadpulse.jobs.bench;

import io.leadpulse.jobs.activation.Activation;
import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadRecord;
import io.leadpulse.jobs.leads.LeadState;
import io.leadpulse.jobs.rules.Rules;
import io.leadpulse.schemas.v1.Actor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one event on a lead costs in (de)serialising its state, as RocksDB does on every event and the heap backend
 * for every lead at every checkpoint: a lead whose customer clicked {@code reaches} times within the activation
 * window, written and read back with Flink's own serialiser for {@link LeadRecord}. Built through
 * {@link Activation#reached}, so the same source measures any layout of the reaches. Run with
 * {@code LP_JMH_MODULE=flink-jobs deploy/bench/jmh.sh LeadStateBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeadStateBenchmark {
    @Param({"1", "50"})
    public int reaches;

    private TypeSerializer<LeadRecord> serializer;
    private LeadRecord record;
    private final DataOutputSerializer out = new DataOutputSerializer(16 * 1024);
    private byte[] written;

    @Setup
    public void setUp() throws IOException {
        serializer = TypeInformation.of(LeadRecord.class).createSerializer(new SerializerConfigImpl());
        LeadState lead = new LeadState();
        lead.teamId = "t1";
        lead.repId = "r7";
        lead.open = true;
        for (int i = 0; i < reaches; i++) {
            LeadActivity reached = new LeadActivity();
            reached.id = AlertIds.of("content.reached", "c-" + i);
            reached.type = LeadActivity.CONTENT_REACHED;
            reached.teamId = "t1";
            reached.leadId = "L-1";
            reached.repId = "r7";
            reached.actor = Actor.CUSTOMER;
            reached.occurredAtMillis = 1_700_000_000_000L + i * 3_000L;
            reached.code = "7fQk2cXb9LmA";
            reached.title = "Course outline";
            Activation.reached(lead, reached, Rules.defaults(), reached.occurredAtMillis);
        }
        record = new LeadRecord();
        record.lead = lead;
        out.clear();
        serializer.serialize(record, out);
        written = out.getCopyOfBuffer();
        System.out.printf("%n%d reaches: %,d bytes%n", reaches, written.length);
    }

    @Benchmark
    public int write() throws IOException {
        out.clear();
        serializer.serialize(record, out);
        return out.length();
    }

    @Benchmark
    public LeadRecord read() throws IOException {
        return serializer.deserialize(new DataInputDeserializer(written));
    }
}
