package io.leadpulse.jobs.load;

import io.leadpulse.jobs.shuffle.ShuffleSerializer;
import io.leadpulse.jobs.shuffle.ShuffleTypeInfo;
import io.leadpulse.jobs.shuffle.Utf8Text;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link LeadChange} on its way from the lead detectors to the rep load. */
public final class LeadChangeSerializer extends ShuffleSerializer<LeadChange> {
    private static final long serialVersionUID = 1L;
    public static final LeadChangeSerializer INSTANCE = new LeadChangeSerializer();
    private static final LeadChange.Kind[] KINDS = LeadChange.Kind.values();
    private static final int NO_KIND = -1;

    @Override
    public LeadChange createInstance() {
        return new LeadChange();
    }

    @Override
    public LeadChange copy(LeadChange from) {
        return new LeadChange(from.repId, from.teamId, from.leadId, from.kind, from.atMillis);
    }

    @Override
    public void serialize(LeadChange change, DataOutputView out) throws IOException {
        Utf8Text.write(change.repId, out);
        Utf8Text.write(change.teamId, out);
        Utf8Text.write(change.leadId, out);
        out.writeByte(change.kind == null ? NO_KIND : change.kind.ordinal());
        out.writeLong(change.atMillis);
    }

    @Override
    public LeadChange deserialize(DataInputView in) throws IOException {
        String repId = Utf8Text.read(in);
        String teamId = Utf8Text.read(in);
        String leadId = Utf8Text.read(in);
        byte kind = in.readByte();
        return new LeadChange(repId, teamId, leadId, kind == NO_KIND ? null : KINDS[kind], in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<LeadChange> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Required by Flink for every serialiser; never read back, as no lead change is kept in state. */
    public static final class Snapshot extends ShuffleSerializer.Snapshot<LeadChange> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes {@code TypeInformation.of(LeadChange.class)} this serialiser's, wherever the job asks for it. */
    public static final class Factory extends TypeInfoFactory<LeadChange> {
        @Override
        public TypeInformation<LeadChange> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
            return new ShuffleTypeInfo<>(LeadChange.class, INSTANCE);
        }
    }
}
