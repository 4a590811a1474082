package io.leadpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.jobs.DetectionJob;
import io.leadpulse.launcher.FlinkMiniCluster.StateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFormatTest {
    @TempDir
    Path checkpoints;

    @Test
    void aFirstStartRecordsTheStateFormatAndTheBackend() throws IOException {
        StateFormat.checkAndRecord(checkpoints, StateBackend.HASHMAP);

        assertThat(Files.readString(checkpoints.resolve(StateFormat.FILE)).strip())
                .isEqualTo("state format " + DetectionJob.STATE_FORMAT + " on hashmap");
    }

    @Test
    void checkpointsWrittenWithTheSameFormatAndBackendAreResumed() throws IOException {
        StateFormat.checkAndRecord(checkpoints, StateBackend.ROCKSDB);
        aCheckpoint();

        StateFormat.checkAndRecord(checkpoints, StateBackend.ROCKSDB);

        assertThat(FlinkMiniCluster.newestCheckpoint(checkpoints)).isPresent();
    }

    @Test
    void checkpointsOfAnotherBackendAreRefusedWithWhatToDo() throws IOException {
        StateFormat.checkAndRecord(checkpoints, StateBackend.ROCKSDB);
        aCheckpoint();

        assertThatThrownBy(() -> StateFormat.checkAndRecord(checkpoints, StateBackend.HASHMAP))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(checkpoints.toString())
                .hasMessageContaining("written with state format " + DetectionJob.STATE_FORMAT + " on rocksdb")
                .hasMessageContaining("resumes only state format " + DetectionJob.STATE_FORMAT + " on hashmap")
                .hasMessageContaining("move that directory away");
    }

    @Test
    void checkpointsOfAnotherStateLayoutAreRefused() throws IOException {
        aCheckpoint();
        Files.writeString(checkpoints.resolve(StateFormat.FILE), "state format " + (DetectionJob.STATE_FORMAT - 1) + " on hashmap\n");

        assertThatThrownBy(() -> StateFormat.checkAndRecord(checkpoints, StateBackend.HASHMAP))
                .hasMessageContaining("written with state format " + (DetectionJob.STATE_FORMAT - 1) + " on hashmap");
    }

    @Test
    void checkpointsFromBeforeTheFormatWasRecordedAreRefused() throws IOException {
        aCheckpoint();

        assertThatThrownBy(() -> StateFormat.checkAndRecord(checkpoints, StateBackend.HASHMAP))
                .hasMessageContaining("an earlier state layout");
        assertThat(checkpoints.resolve(StateFormat.FILE)).doesNotExist();
    }

    @Test
    void aDirectoryWithoutACompletedCheckpointStartsAfreshWhateverItRecorded() throws IOException {
        Files.writeString(checkpoints.resolve(StateFormat.FILE), "state format 0 on rocksdb\n");
        Files.createDirectories(checkpoints.resolve("job-1/chk-3")); // begun, never completed: no _metadata

        StateFormat.checkAndRecord(checkpoints, StateBackend.HASHMAP);

        assertThat(Files.readString(checkpoints.resolve(StateFormat.FILE)).strip()).endsWith("on hashmap");
    }

    private void aCheckpoint() throws IOException {
        Path chk = Files.createDirectories(checkpoints.resolve("0f1e2d3c4b5a69788796a5b4c3d2e1f0/chk-7"));
        Files.writeString(chk.resolve("_metadata"), "not read by the check");
    }
}
