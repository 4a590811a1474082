package io.leadpulse.gateway.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of events Kafka could not take yet, in the order they were accepted, read back from a position.
 * Each record: {@code int length, long acceptedAtMillis, short topicLength, topic, short keyLength (-1 = null), key,
 * value}. A record cut short by a crash is ignored. Not thread-safe: the publisher serialises access.
 */
final class Spool implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private long readPosition;

    /** An event as it was spooled. */
    record Entry(String topic, String key, byte[] value, Instant acceptedAt) {
    }

    Spool(Path file) {
        try {
            Files.createDirectories(file.getParent());
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.channel.position(validLength());
            this.channel.truncate(channel.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool " + file, e);
        }
    }

    void append(Entry entry) {
        byte[] topic = entry.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = entry.key() == null ? null : entry.key().getBytes(StandardCharsets.UTF_8);
        int length = 8 + 2 + topic.length + 2 + (key == null ? 0 : key.length) + entry.value().length;
        ByteBuffer buffer = ByteBuffer.allocate(4 + length);
        buffer.putInt(length).putLong(entry.acceptedAt().toEpochMilli());
        buffer.putShort((short) topic.length).put(topic);
        buffer.putShort((short) (key == null ? -1 : key.length));
        if (key != null) {
            buffer.put(key);
        }
        buffer.put(entry.value()).flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool " + file, e);
        }
    }

    /** Up to {@code max} entries from the read position on; {@link #advance} moves past them once they are sent. */
    List<Entry> peek(int max) {
        List<Entry> entries = new ArrayList<>();
        long position = readPosition;
        try {
            long end = channel.size();
            while (entries.size() < max && position + 4 <= end) {
                ByteBuffer header = ByteBuffer.allocate(4);
                channel.read(header, position);
                int length = header.flip().getInt();
                ByteBuffer body = ByteBuffer.allocate(length);
                channel.read(body, position + 4);
                body.flip();
                long acceptedAt = body.getLong();
                byte[] topic = new byte[body.getShort()];
                body.get(topic);
                short keyLength = body.getShort();
                byte[] key = keyLength < 0 ? null : new byte[keyLength];
                if (key != null) {
                    body.get(key);
                }
                byte[] value = new byte[body.remaining()];
                body.get(value);
                entries.add(new Entry(new String(topic, StandardCharsets.UTF_8),
                        key == null ? null : new String(key, StandardCharsets.UTF_8), value, Instant.ofEpochMilli(acceptedAt)));
                position += 4 + length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool " + file, e);
        }
        return entries;
    }

    /** Moves the read position past entries that Kafka has taken; empties the file once everything is read. */
    void advance(List<Entry> sent) {
        for (Entry entry : sent) {
            readPosition += 4 + 8 + 2 + entry.topic().getBytes(StandardCharsets.UTF_8).length + 2
                    + (entry.key() == null ? 0 : entry.key().getBytes(StandardCharsets.UTF_8).length) + entry.value().length;
        }
        try {
            if (readPosition >= channel.size()) {
                channel.truncate(0);
                channel.position(0);
                readPosition = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the spool " + file, e);
        }
    }

    boolean isEmpty() {
        return bytes() == 0;
    }

    /** Bytes still to be sent. */
    long bytes() {
        try {
            return channel.size() - readPosition;
        } catch (IOException e) {
            return 0;
        }
    }

    /** When the oldest unsent event was accepted, if there is one. */
    Instant oldest() {
        List<Entry> first = peek(1);
        return first.isEmpty() ? null : first.get(0).acceptedAt();
    }

    /** The length of the whole records at the start of the file (a crash may have cut the last one short). */
    private long validLength() throws IOException {
        long position = 0;
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(4);
        while (position + 4 <= size) {
            header.clear();
            channel.read(header, position);
            int length = header.flip().getInt();
            if (length <= 0 || position + 4 + length > size) {
                break;
            }
            position += 4 + length;
        }
        return position;
    }

    @Override
    public void close() {
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the spool " + file, e);
        }
    }
}
