package io.leadpulse.launcher;

import io.leadpulse.jobs.DetectionJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the checkpoints in a directory were written with: the layout of the detection job's state
 * ({@link DetectionJob#STATE_FORMAT}) and the state backend. Flink can resume neither another layout nor, from its
 * native checkpoints, another backend; without this a start would submit a job that fails its restore again and
 * again. So a start that finds checkpoints it cannot resume refuses, saying what to do.
 */
final class StateFormat {
    static final String FILE = "state-format";

    private StateFormat() {
    }

    /**
     * Checks that the newest checkpoint under the directory (if any) can be resumed by this version with this backend,
     * and records both for the next start.
     *
     * @throws IllegalStateException when there are checkpoints this version cannot resume
     */
    static void checkAndRecord(Path checkpointDir, FlinkMiniCluster.StateBackend backend) {
        String current = describe(DetectionJob.STATE_FORMAT, backend);
        Path file = checkpointDir.resolve(FILE);
        if (FlinkMiniCluster.newestCheckpoint(checkpointDir).isPresent()) {
            String found = Files.isRegularFile(file) ? read(file) : "an earlier state layout (no " + FILE + " file)";
            if (!found.equals(current)) {
                throw new IllegalStateException("the detection job's checkpoints in " + checkpointDir + " were written with "
                        + found + "; this version resumes only " + current + ". Run the version (or the LP_STATE_BACKEND) "
                        + "that wrote them, or move that directory away to start with empty detection state: alerts "
                        + "already in Redis and lp.alerts stay, and each open lead's timers start again with its next event");
            }
            return;
        }
        try {
            Files.createDirectories(checkpointDir);
            Files.writeString(file, current + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String describe(int format, FlinkMiniCluster.StateBackend backend) {
        return "state format " + format + " on " + backend.name().toLowerCase(Locale.ROOT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
