package io.leadpulse.jobs.shuffle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A string (or null) as its UTF-8 bytes after a variable-length count: written and read in one bulk copy each, where
 * Flink's own string format goes a character at a time. Any length and any text that is valid Unicode, which every
 * string decoded from Avro is (a lone surrogate would arrive as {@code ?}).
 */
public final class Utf8Text {
    private Utf8Text() {
    }

    public static void write(String text, DataOutputView out) throws IOException {
        if (text == null) {
            writeCount(0, out);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeCount(bytes.length + 1, out);
        out.write(bytes);
    }

    public static String read(DataInputView in) throws IOException {
        int count = readCount(in);
        if (count == 0) {
            return null;
        }
        byte[] bytes = new byte[count - 1];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Seven bits a byte, lowest first; the high bit says another byte follows. */
    private static void writeCount(int count, DataOutputView out) throws IOException {
        while ((count & ~0x7F) != 0) {
            out.writeByte((count & 0x7F) | 0x80);
            count >>>= 7;
        }
        out.writeByte(count);
    }

    private static int readCount(DataInputView in) throws IOException {
        int count = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            count |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return count;
            }
            if (shift >= 28) {
                throw new IOException("a text's length runs past five bytes: not written by Utf8Text");
            }
        }
    }
}
