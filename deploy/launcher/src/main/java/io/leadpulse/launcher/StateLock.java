package io.leadpulse.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LeadPulse per state directory. A second one on the same directory would start its own Kafka and Redis on the
 * first one's files: Kafka refuses its data directory, but only after its controller has written to the metadata log
 * the running broker reads, which then stops on a corrupt record. So the directory is locked before anything starts,
 * and a second start is refused with the holder's process id. The operating system releases the lock when the process
 * ends, however it ends.
 *
 * <p>The operating system's lock belongs to the process, and closing any channel on the file drops it: so a second
 * start within this process is refused by the set of directories it holds, without opening the file.
 */
final class StateLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateLock.class);
    static final String FILE = ".lock";
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(Path stateDir) {
        Path dir = realPath(stateDir);
        if (!HELD_HERE.add(dir)) {
            throw refused(stateDir, OptionalLong.of(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = null;
            boolean heldElsewhere;
            try {
                lock = channel.tryLock();
                heldElsewhere = lock == null;
            } catch (IOException unsupported) {
                // Some network mounts have no locks: the process id in the file alone says whether one runs.
                LOG.warn("Cannot lock the state directory {} ({}): only the process id in {} keeps a second LeadPulse out",
                        dir, unsupported.toString(), FILE);
                heldElsewhere = holderPid(channel).stream().anyMatch(StateLock::isAnotherLiveProcess);
            }
            if (heldElsewhere) {
                OptionalLong holder = holderPid(channel);
                channel.close();
                HELD_HERE.remove(dir);
                throw refused(stateDir, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new StateLock(dir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD_HERE.remove(dir);
            throw new UncheckedIOException("cannot lock the state directory " + stateDir, e);
        }
    }

    private static IllegalStateException refused(Path stateDir, OptionalLong holder) {
        String process = holder.isPresent() ? " (process " + holder.getAsLong() + ")" : "";
        return new IllegalStateException("another LeadPulse" + process + " is running on the state directory " + stateDir
                + "; stop it first, or give this one its own LP_STATE_DIR");
    }

    /** The process id the holder wrote into the file, if it did. */
    private static OptionalLong holderPid(FileChannel channel) throws IOException {
        ByteBuffer pid = ByteBuffer.allocate(32);
        channel.read(pid, 0);
        try {
            return OptionalLong.of(Long.parseLong(new String(pid.array(), 0, pid.position(), StandardCharsets.US_ASCII).trim()));
        } catch (NumberFormatException none) {
            return OptionalLong.empty();
        }
    }

    private static boolean isAnotherLiveProcess(long pid) {
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Path realPath(Path stateDir) {
        try {
            return stateDir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the state directory " + stateDir, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock != null) {
                lock.release();
            } else {
                channel.truncate(0); // unlocked: the process id alone said it ran
            }
            channel.close();
        } finally {
            HELD_HERE.remove(dir);
        }
    }
}
