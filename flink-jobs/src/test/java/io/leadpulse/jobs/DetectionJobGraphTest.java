package io.leadpulse.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** How the detection job is cut into tasks: what crosses the network costs serialisation on both ends. */
class DetectionJobGraphTest {

    @Test
    void everyDetectorWritesItsAlertsToBothSinksInItsOwnTaskSoNoAlertCrossesTheNetwork() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DetectionJob.connectedTo(new DetectionSettings("localhost:9", "redis://localhost:9")).addTo(env);

        List<String> tasks = StreamSupport.stream(env.getStreamGraph().getJobGraph().getVertices().spliterator(), false)
                .map(JobVertex::getName).toList();

        assertThat(tasks).filteredOn(task -> task.contains("lp.alerts") || task.contains("redis alerts"))
                .allSatisfy(task -> assertThat(task).contains("lp.alerts").contains("redis alerts"))
                .extracting(task -> task.substring(0, task.indexOf(" ->")))
                .containsExactlyInAnyOrder("content reached", "deep read", "activation, silence, first response", "rep load");
    }
}
