package io.leadpulse.jobs.shuffle;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serialiser for a type that only crosses the network between the job's tasks and is never kept in
 * state, so its format may change in any release. Flink's POJO serialiser sets every field by reflection and reads a
 * string a byte at a time through a thread-local buffer: for the records every event turns into, that was 8-9 % of the
 * lead task's samples and 8 % of the rep load's. A subclass writes and reads the fields; strings go through
 * {@link Utf8Text}. Its snapshot ({@link Snapshot}) declares any earlier format incompatible, so that a record of such
 * a type put in state one day fails its restore loudly instead of being misread.
 */
public abstract class ShuffleSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** Flink asks every serialiser for one; nothing written with a shuffle serialiser is meant to be read back later. */
    public abstract static class Snapshot<T> extends SimpleTypeSerializerSnapshot<T> {
        protected Snapshot(Supplier<? extends TypeSerializer<T>> serializer) {
            super(serializer);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
