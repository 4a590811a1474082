package io.leadpulse.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.kafka.KafkaConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** How the detection job is cut into tasks: what crosses the network costs serialisation on both ends. */
class DetectionJobGraphTest {
    private static final String KAFKA = "localhost:9";

    @Test
    void everyDetectorWritesItsAlertsToBothSinksInItsOwnTaskSoNoAlertCrossesTheNetwork() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DetectionJob.connectedTo(new DetectionSettings(KAFKA, "redis://localhost:9")).addTo(env);

        List<String> tasks = StreamSupport.stream(env.getStreamGraph().getJobGraph().getVertices().spliterator(), false)
                .map(JobVertex::getName).toList();

        assertThat(tasks).filteredOn(task -> task.contains("lp.alerts") || task.contains("redis alerts"))
                .allSatisfy(task -> assertThat(task).contains("lp.alerts").contains("redis alerts"))
                .extracting(task -> task.substring(0, task.indexOf(" ->")))
                .containsExactlyInAnyOrder("content reached", "deep read", "activation, silence, first response", "rep load");
    }

    @Test
    void theLeadDetectorsWriterKeepsTheNamesOfTheSingleWriterBeforeItSoAnUpgradeCommitsWhatItsCheckpointLeftOpen() {
        List<String> prefixes = new ArrayList<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        new DetectionJob(new DetectionJob.Inputs(KafkaConnections.clicks(KAFKA), KafkaConnections.beacons(KAFKA),
                KafkaConnections.events(KAFKA), KafkaConnections.rules(KAFKA)),
                new DetectionJob.Outputs(prefix -> {
                    prefixes.add(prefix);
                    return KafkaConnections.alerts(KAFKA, prefix);
                }, new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>()),
                new DetectionSettings(KAFKA, "redis://localhost:9")).addTo(env);

        StreamGraph graph = env.getStreamGraph();

        assertThat(prefixes).containsExactlyInAnyOrder("leadpulse-alerts", "leadpulse-content-reached-alerts",
                "leadpulse-deep-read-alerts", "leadpulse-rep-load-alerts");
        assertThat(feederOf(graph, "alerts-topic")).isEqualTo("lead-detectors");
        assertThat(feederOf(graph, "alerts-redis")).isEqualTo("lead-detectors");
    }

    @Test
    void noWritersTransactionalIdsCanBeTakenForAnothersWhenLingeringTransactionsAreAborted() {
        List<String> prefixes = new ArrayList<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectionJob.Outputs outputs = new DetectionJob.Outputs(prefix -> {
            prefixes.add(prefix);
            return new DiscardingSink<>();
        }, new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>());
        new DetectionJob(new DetectionJob.Inputs(KafkaConnections.clicks(KAFKA), KafkaConnections.beacons(KAFKA),
                KafkaConnections.events(KAFKA), KafkaConnections.rules(KAFKA)), outputs,
                new DetectionSettings(KAFKA, "redis://localhost:9")).addTo(env);

        // Flink's Kafka sink finds the transactions to abort at a start by the prefix of their ids.
        for (String prefix : prefixes) {
            assertThat(prefixes).filteredOn(other -> !other.equals(prefix)).noneMatch(other -> other.startsWith(prefix));
        }
    }

    /** The uid of the operator that feeds the one with {@code uid}. */
    private static String feederOf(StreamGraph graph, String uid) {
        StreamNode node = graph.getStreamNodes().stream().filter(n -> uid.equals(n.getTransformationUID())).findFirst().orElseThrow();
        return graph.getStreamNode(node.getInEdges().get(0).getSourceId()).getTransformationUID();
    }
}
