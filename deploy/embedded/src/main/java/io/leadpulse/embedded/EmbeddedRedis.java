package io.leadpulse.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * A real Redis server started as a child process on a loopback port: the system's {@code redis-server} when one
 * is on the PATH, otherwise the binary shipped in the embedded-redis Maven package. Data is kept in an
 * append-only file under its directory, so a restart keeps the alerts.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** The running server's process id, in its directory. */
    public static final String PID_FILE = "redis.pid";

    private final Process process;
    private final int port;

    private EmbeddedRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a Redis server whose files live under {@code dataDir}. */
    public static EmbeddedRedis start(Path dataDir) {
        try {
            Path dir = Files.createDirectories(dataDir.toAbsolutePath());
            stopLeftOver(dir);
            Path binary = binary(dir);
            int port = FreePorts.pick();
            Process process = new ProcessBuilder(List.of(binary.toString(),
                    "--port", String.valueOf(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
                    "--dir", dir.toString(), "--appendonly", "yes", "--save", "",
                    "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString(),
                    "--pidfile", dir.resolve(PID_FILE).toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile())
                    .start();
            EmbeddedRedis redis = new EmbeddedRedis(process, port);
            redis.awaitReady();
            LOG.info("Redis server ({}) listening on {}", binary, redis.url());
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a Redis server under " + dataDir, e);
        }
    }

    /**
     * A server a process before left running on these files: one that ended without stopping it (killed, or stopped
     * while it started). Redis is a child process, so it outlives such a parent; a second server on the same
     * append-only file would corrupt it, so the one left over is stopped (SIGTERM: it flushes the file) first.
     */
    private static void stopLeftOver(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftOver = parsePid(Files.readString(pidFile)).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> servesFrom(process, dir));
        if (leftOver.isPresent()) {
            ProcessHandle process = leftOver.get();
            LOG.warn("Stopping the Redis server (process {}) left running on {} by a process that ended without stopping it",
                    process.pid(), dir);
            process.destroy();
            if (!exited(process, STOP_TIMEOUT)) {
                process.destroyForcibly();
                if (!exited(process, STOP_TIMEOUT)) {
                    throw new IllegalStateException("the Redis server (process " + process.pid() + ") left running on " + dir
                            + " did not stop; stop it, then start again");
                }
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static boolean exited(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Whether the process is a Redis server working in {@code dir} (Redis changes into its {@code --dir}), so that a
     * stale pid file never stops another process that has since taken the number. Its name is read from
     * {@code /proc/<pid>/comm}, the name it was started by: Debian's {@code redis-server} is a link to
     * {@code redis-check-rdb}, which is what the executable's path says. Linux only: elsewhere, none is found.
     */
    private static boolean servesFrom(ProcessHandle process, Path dir) {
        Path proc = Path.of("/proc", String.valueOf(process.pid()));
        String name;
        try (BufferedReader comm = Files.newBufferedReader(proc.resolve("comm"))) {
            name = comm.readLine();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        if (name == null || !name.startsWith("redis-server")) {
            return false;
        }
        try {
            return Files.readSymbolicLink(proc.resolve("cwd")).equals(dir.toRealPath());
        } catch (IOException e) {
            // Another user's: whether it works on these files cannot be told, and a second server could corrupt them.
            throw new IllegalStateException("a Redis server (process " + process.pid() + ") named in " + dir.resolve(PID_FILE)
                    + " may still work on these files (" + e + "); stop it, then start again");
        }
    }

    private static Optional<Long> parsePid(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: Redis flushes its append-only file and exits.
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("Redis server on port {} stopped", port);
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " at start");
            }
            try (Jedis jedis = new Jedis("127.0.0.1", port, 1000)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer within " + START_TIMEOUT);
    }

    private static Path binary(Path dir) throws IOException {
        Optional<Path> onPath = findOnPath("redis-server");
        if (onPath.isPresent()) {
            return onPath.get();
        }
        String resource = bundledBinaryName();
        Path target = dir.resolve("redis-server");
        try (InputStream in = EmbeddedRedis.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and no bundled " + resource);
            }
            Path tmp = Files.createTempFile(dir, "redis-server", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    /** The binaries the embedded-redis package ships, by operating system and architecture. */
    private static String bundledBinaryName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm64");
        if (os.contains("mac")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("linux")) {
            return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        }
        throw new IllegalStateException("no bundled redis-server for " + os + "/" + arch + "; install one or set LP_REDIS_URL");
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Redis", e);
        }
    }
}
