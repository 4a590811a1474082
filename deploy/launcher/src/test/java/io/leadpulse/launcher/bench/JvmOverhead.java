package io.leadpulse.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time this JVM's own threads have used so far compiling (the JIT compiler threads) and collecting garbage (the
 * collector's threads), read from {@code /proc/self/task/*}{@code /stat} (Linux; zero elsewhere), so a benchmark run
 * can say how much of its CPU was the JVM rather than the code measured: in short runs that start a Flink mini cluster
 * each, the compiler alone took a sixth of it. A thread that ended during the run is not counted.
 */
public record JvmOverhead(Duration compiling, Duration collecting) {
    /** The kernel's clock ticks per second for thread times (USER_HZ, 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    public static JvmOverhead now() {
        long compiling = 0;
        long collecting = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    compiling += ticks;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    collecting += ticks;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return new JvmOverhead(Duration.ZERO, Duration.ZERO);
        }
        return new JvmOverhead(Duration.ofMillis(compiling * 1000 / TICKS_PER_SECOND), Duration.ofMillis(collecting * 1000 / TICKS_PER_SECOND));
    }

    /** What was spent between {@code earlier} and this. */
    public JvmOverhead since(JvmOverhead earlier) {
        return new JvmOverhead(compiling.minus(earlier.compiling), collecting.minus(earlier.collecting));
    }

    @Override
    public String toString() {
        return String.format("JIT compiler %.2f CPU-s, garbage collector %.2f CPU-s", compiling.toMillis() / 1e3,
                collecting.toMillis() / 1e3);
    }
}
