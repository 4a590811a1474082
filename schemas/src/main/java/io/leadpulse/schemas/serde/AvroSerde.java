package io.leadpulse.schemas.serde;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding for one record type: every message starts with the writer schema's
 * fingerprint, so a reader resolves any released version of the schema without a registry.
 * Thread-safe and serializable (Flink ships it to its tasks).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final List<String> releasedSchemas;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type, List<Schema> releasedSchemas) {
        this.type = type;
        this.releasedSchemas = releasedSchemas.stream().map(Schema::toString).toList();
        init();
    }

    /** A serde that reads every released version of the record (see {@link SchemaHistory}). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, SchemaHistory.versionsOf(type.getSimpleName()));
    }

    /** A serde that reads the given writer schemas besides the current one. */
    public static <T extends SpecificRecord> AvroSerde<T> withReleasedSchemas(Class<T> type, List<Schema> released) {
        return new AvroSerde<>(type, released);
    }

    public byte[] serialize(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /** Decodes one message; anything that is not a known version of this record is an {@link InvalidRecordException}. */
    public T deserialize(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidRecordException("no bytes for a " + type.getSimpleName(), null);
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new InvalidRecordException(
                    "not a " + type.getSimpleName() + " in Avro single-object encoding: " + e.getMessage(), e);
        }
    }

    private void init() {
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        encoder = new BinaryMessageEncoder<>(model, current);
        decoder = new BinaryMessageDecoder<>(model, current);
        for (String released : releasedSchemas) {
            decoder.addSchema(new Schema.Parser().parse(released));
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init();
    }
}
