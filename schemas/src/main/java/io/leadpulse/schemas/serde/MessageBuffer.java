package io.leadpulse.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * One thread's buffer for the message being written, kept between messages so that writing one allocates only the
 * finished byte array: an unsynchronised growable byte array and Avro's unbuffered encoder on top of it (unbuffered, so
 * a write that failed halfway leaves nothing behind for the next message).
 */
final class MessageBuffer extends OutputStream {
    private static final int INITIAL_BYTES = 512;
    /** A buffer grown past this for an unusually large message is not kept for the next one. */
    private static final int KEPT_BYTES = 64 * 1024;
    private static final ThreadLocal<MessageBuffer> PER_THREAD = ThreadLocal.withInitial(MessageBuffer::new);

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int length;
    private BinaryEncoder encoder;

    static MessageBuffer ofThisThread() {
        return PER_THREAD.get();
    }

    /** Empties the buffer (and lets go of one a failed large message left grown) and writes these bytes first. */
    void startWith(byte[] prefix) {
        length = 0;
        forgetIfGrown();
        write(prefix, 0, prefix.length);
        if (encoder == null) {
            encoder = EncoderFactory.get().directBinaryEncoder(this, null);
        }
    }

    BinaryEncoder encoder() {
        return encoder;
    }

    /** What was written since {@link #startWith}; a buffer grown for an unusually large message is let go. */
    byte[] toByteArray() {
        byte[] message = Arrays.copyOf(bytes, length);
        forgetIfGrown();
        return message;
    }

    private void forgetIfGrown() {
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
    }

    @Override
    public void write(int b) {
        ensureRoom(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        ensureRoom(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void ensureRoom(int count) {
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
        }
    }
}
