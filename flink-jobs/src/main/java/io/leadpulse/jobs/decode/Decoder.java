package io.leadpulse.jobs.decode;

import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.serde.InvalidRecordException;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecordBase;

/** Turns a record's bytes into a value, or says why it cannot. */
@FunctionalInterface
public interface Decoder<T> extends Serializable {
    /** @throws InvalidRecordException when the bytes are not a record this decoder reads */
    T decode(RawRecord record);

    /** Reads records of one Avro type in single-object encoding (clicks, beacons, rules). */
    static <T extends SpecificRecordBase> Decoder<T> avro(Class<T> type) {
        AvroSerde<T> serde = AvroSerde.of(type);
        return record -> serde.deserialize(record.value);
    }
}
