package io.leadpulse.gateway.links;

import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.serde.InvalidRecordException;
import io.leadpulse.schemas.v1.LinkCreated;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A local copy of the link registry: length-prefixed Avro {@code LinkCreated} records, appended as links become
 * known and rewritten compactly at each start. It lets a gateway that starts while Kafka is away redirect every link
 * it knew before; the topic stays the source of truth.
 */
final class LinkSnapshot implements AutoCloseable {
    private final Path file;
    private final AvroSerde<LinkCreated> serde = AvroSerde.of(LinkCreated.class);
    private DataOutputStream out;

    LinkSnapshot(Path file) {
        this.file = file;
    }

    /** The links in the file; a record cut short by a crash, or one that cannot be read, ends or is skipped. */
    List<Link> load() {
        List<Link> links = new ArrayList<>();
        if (!Files.exists(file)) {
            return links;
        }
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            while (true) {
                int length = in.readInt();
                if (length <= 0 || length > 1_000_000) {
                    break;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    break;
                }
                try {
                    links.add(Link.from(serde.deserialize(bytes)));
                } catch (InvalidRecordException skipped) {
                    // An unreadable record is dropped from the copy; Kafka still has it.
                }
            }
        } catch (EOFException end) {
            // The end of the file.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the link snapshot " + file, e);
        }
        return links;
    }

    /** Rewrites the file with exactly these links, then keeps it open for appends. */
    void rewrite(Collection<Link> links) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "links", ".tmp");
            try (DataOutputStream rewritten = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                for (Link link : links) {
                    write(rewritten, link);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.APPEND)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the link snapshot " + file, e);
        }
    }

    synchronized void append(Link link) {
        try {
            write(out, link);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the link snapshot " + file, e);
        }
    }

    private void write(DataOutputStream to, Link link) throws IOException {
        byte[] bytes = serde.serialize(link.toRecord());
        to.writeInt(bytes.length);
        to.write(bytes);
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the link snapshot " + file, e);
        }
    }
}
