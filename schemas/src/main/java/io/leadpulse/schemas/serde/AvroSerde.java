package io.leadpulse.schemas.serde;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
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
    /** The single-object header of every message: the marker bytes and the current schema's fingerprint. */
    private transient byte[] header;
    private transient LeanDatumWriter<T> writer;
    private transient BinaryMessageDecoder<T> decoder;
    private transient Map<Long, Schema> writerSchemas;

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

    /** The record in single-object encoding: the same bytes as Avro's {@code BinaryMessageEncoder}, written faster. */
    public byte[] serialize(T record) {
        MessageBuffer message = MessageBuffer.ofThisThread();
        message.startWith(header);
        try {
            writer.write(record, message.encoder());
            return message.toByteArray();
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
            checkLengths(bytes);
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
        return writerSchemaOf(bytes) != null;
    }

    /** The released schema the message's single-object header names, or null when it names none of them. */
    private Schema writerSchemaOf(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            return null;
        }
        return writerSchemas.get(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    /**
     * Walks the message along its writer schema without keeping anything, so that a length that claims more bytes than
     * the message has fails here (end of input) instead of making Avro's decoder allocate it first: a record forged to
     * announce a 1.5 GB string would otherwise take 1.5 GB of heap before failing, enough to kill the task reading it.
     * Messages whose header names no known schema are left to the decoder, which rejects them with its reason.
     */
    private void checkLengths(byte[] bytes) throws IOException {
        Schema writer = writerSchemaOf(bytes);
        if (writer == null) {
            return;
        }
        BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        GenericDatumReader.skip(writer, body);
    }

    private void init() {
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        long fingerprint = SchemaNormalization.parsingFingerprint64(current);
        writer = new LeanDatumWriter<>(current, model);
        header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).array();
        decoder = new BinaryMessageDecoder<>(model, current);
        writerSchemas = new HashMap<>();
        writerSchemas.put(fingerprint, current);
        for (String released : releasedSchemas) {
            Schema schema = new Schema.Parser().parse(released);
            decoder.addSchema(schema);
            writerSchemas.put(SchemaNormalization.parsingFingerprint64(schema), schema);
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init();
    }
}
