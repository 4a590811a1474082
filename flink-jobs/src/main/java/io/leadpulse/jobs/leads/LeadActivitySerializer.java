package io.leadpulse.jobs.leads;

import io.leadpulse.jobs.shuffle.ShuffleSerializer;
import io.leadpulse.jobs.shuffle.ShuffleTypeInfo;
import io.leadpulse.jobs.shuffle.Utf8Text;
import io.leadpulse.schemas.v1.Actor;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link LeadActivity} on its way from the decoders and content reached to the lead detectors. */
public final class LeadActivitySerializer extends ShuffleSerializer<LeadActivity> {
    private static final long serialVersionUID = 1L;
    public static final LeadActivitySerializer INSTANCE = new LeadActivitySerializer();
    private static final Actor[] ACTORS = Actor.values();
    private static final int NO_ACTOR = -1;

    @Override
    public LeadActivity createInstance() {
        return new LeadActivity();
    }

    @Override
    public LeadActivity copy(LeadActivity from) {
        LeadActivity copy = new LeadActivity();
        copy.id = from.id;
        copy.type = from.type;
        copy.teamId = from.teamId;
        copy.leadId = from.leadId;
        copy.repId = from.repId;
        copy.actor = from.actor;
        copy.occurredAtMillis = from.occurredAtMillis;
        copy.text = from.text;
        copy.code = from.code;
        copy.title = from.title;
        return copy;
    }

    @Override
    public void serialize(LeadActivity activity, DataOutputView out) throws IOException {
        Utf8Text.write(activity.id, out);
        Utf8Text.write(activity.type, out);
        Utf8Text.write(activity.teamId, out);
        Utf8Text.write(activity.leadId, out);
        Utf8Text.write(activity.repId, out);
        out.writeByte(activity.actor == null ? NO_ACTOR : activity.actor.ordinal());
        out.writeLong(activity.occurredAtMillis);
        Utf8Text.write(activity.text, out);
        Utf8Text.write(activity.code, out);
        Utf8Text.write(activity.title, out);
    }

    @Override
    public LeadActivity deserialize(DataInputView in) throws IOException {
        LeadActivity activity = new LeadActivity();
        activity.id = Utf8Text.read(in);
        activity.type = Utf8Text.read(in);
        activity.teamId = Utf8Text.read(in);
        activity.leadId = Utf8Text.read(in);
        activity.repId = Utf8Text.read(in);
        byte actor = in.readByte();
        activity.actor = actor == NO_ACTOR ? null : ACTORS[actor];
        activity.occurredAtMillis = in.readLong();
        activity.text = Utf8Text.read(in);
        activity.code = Utf8Text.read(in);
        activity.title = Utf8Text.read(in);
        return activity;
    }

    @Override
    public TypeSerializerSnapshot<LeadActivity> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Required by Flink for every serialiser; never read back, as no lead activity is kept in state. */
    public static final class Snapshot extends ShuffleSerializer.Snapshot<LeadActivity> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes {@code TypeInformation.of(LeadActivity.class)} this serialiser's, wherever the job asks for it. */
    public static final class Factory extends TypeInfoFactory<LeadActivity> {
        @Override
        public TypeInformation<LeadActivity> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
            return new ShuffleTypeInfo<>(LeadActivity.class, INSTANCE);
        }
    }
}
