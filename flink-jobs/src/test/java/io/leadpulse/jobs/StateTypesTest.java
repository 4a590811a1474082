package io.leadpulse.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.dwell.Reading;
import io.leadpulse.jobs.leads.LeadActivity;
import io.leadpulse.jobs.leads.LeadRecord;
import io.leadpulse.jobs.load.LeadChange;
import io.leadpulse.jobs.load.RepLoadState;
import io.leadpulse.jobs.shuffle.ShuffleSerializer;
import io.leadpulse.jobs.shuffle.ShuffleTypeInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the job keeps in state is read by Flink's own serialisers, all the way down: a field Flink cannot analyse
 * falls back to Kryo, which is slow and does not evolve with savepoints. What only crosses the network between tasks
 * has a serialiser of its own (see {@link ShuffleSerializer}).
 */
class StateTypesTest {
    @ParameterizedTest
    @ValueSource(classes = {LeadRecord.class, Reading.class, RepLoadState.class})
    void isAPojoWithoutAGenericFieldAtAnyDepth(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);

        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertThat(genericParts(info)).as("parts of %s that would go through Kryo", type.getSimpleName()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(classes = {LeadActivity.class, LeadChange.class})
    void recordsThatOnlyCrossTheNetworkGoThroughTheirOwnSerializer(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);

        assertThat(info).isInstanceOf(ShuffleTypeInfo.class);
        assertThat(info.createSerializer(new SerializerConfigImpl())).isInstanceOf(ShuffleSerializer.class);
    }

    private static List<String> genericParts(TypeInformation<?> info) {
        List<String> generic = new ArrayList<>();
        collect(info, info.toString(), generic);
        return generic;
    }

    private static void collect(TypeInformation<?> info, String path, List<String> generic) {
        if (info instanceof GenericTypeInfo<?>) {
            generic.add(path);
        }
        if (info instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                collect(pojo.getTypeAt(i), path + "." + pojo.getFieldNames()[i], generic);
            }
        }
        if (info instanceof ListTypeInfo<?> list) {
            collect(list.getElementTypeInfo(), path + "[]", generic);
        }
        if (info instanceof MapTypeInfo<?, ?> map) {
            collect(map.getKeyTypeInfo(), path + "{key}", generic);
            collect(map.getValueTypeInfo(), path + "{value}", generic);
        }
    }
}
