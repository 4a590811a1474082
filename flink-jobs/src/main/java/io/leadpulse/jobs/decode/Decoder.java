package io.leadpulse.jobs.decode;

import io.leadpulse.schemas.serde.InvalidRecordException;
import java.io.Serializable;

/** Turns a record's bytes into a value, or says why it cannot. */
@FunctionalInterface
public interface Decoder<T> extends Serializable {
    /** @throws InvalidRecordException when the bytes are not a record this decoder reads */
    T decode(RawRecord record);
}
