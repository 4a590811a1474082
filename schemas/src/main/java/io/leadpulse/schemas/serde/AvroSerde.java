package io.leadpulse.schemas.serde;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
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

    /** Single-object encoding: two marker bytes and the 8-byte schema fingerprint. */
    private static final int HEADER_LENGTH = 10;

    private final Class<T> type;
    private final List<String> releasedSchemas;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;
    private transient Set<Long> fingerprints;

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

    /**
     * Whether the message's single-object header names a version of this record, without decoding it: the cheap way
     * to tell records apart on a topic that carries several types.
     */
    public boolean recognises(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            return false;
        }
        return fingerprints.contains(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    private void init() {
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        encoder = new BinaryMessageEncoder<>(model, current);
        decoder = new BinaryMessageDecoder<>(model, current);
        fingerprints = new HashSet<>();
        fingerprints.add(SchemaNormalization.parsingFingerprint64(current));
        for (String released : releasedSchemas) {
            Schema schema = new Schema.Parser().parse(released);
            decoder.addSchema(schema);
            fingerprints.add(SchemaNormalization.parsingFingerprint64(schema));
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init();
    }
}
