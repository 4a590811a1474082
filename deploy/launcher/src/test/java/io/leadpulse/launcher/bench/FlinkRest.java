package io.leadpulse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The detection job through the mini cluster's REST API on the loopback interface (the figures of Flink's web UI):
 * records read, checkpoint statistics with each task's synchronous and asynchronous durations.
 */
record FlinkRest(int port, String jobId) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** The one job running on the mini cluster whose REST API is on this port, waiting for it to be listed. */
    static FlinkRest ofRunningJob(int port, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try {
                for (JsonNode job : get(port, "/jobs/overview").path("jobs")) {
                    if (job.path("state").asText().equals("RUNNING")) {
                        return new FlinkRest(port, job.path("jid").asText());
                    }
                }
            } catch (IOException e) {
                // the REST endpoint is still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no job running on the mini cluster at port " + port + " after " + timeout);
    }

    private JsonNode get(String path) throws Exception {
        return get(port, path);
    }

    /** The answer's JSON; an answer other than 200 (a checkpoint no longer in Flink's statistics) is an IOException. */
    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink's REST API answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode checkpoints() throws Exception {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** The job's tasks (chains of operators), by vertex id: their names and metrics. */
    JsonNode vertices() throws Exception {
        return get("/jobs/" + jobId).path("vertices");
    }

    /** One task's part of one checkpoint: the summary over its subtasks (sync, async, start delay, sizes). */
    JsonNode taskCheckpoint(long checkpointId, String vertexId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints/details/" + checkpointId + "/subtasks/" + vertexId);
    }

    /** Waits until the lead detectors (the keyed lead function) have read {@code count} records. */
    void awaitRecordsRead(long count, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try {
                for (JsonNode vertex : vertices()) {
                    if (vertex.path("name").asText().contains("silence") && vertex.path("metrics").path("read-records").asLong() >= count) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the REST endpoint is still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the lead detectors did not read " + count + " records in " + timeout);
    }

    /** Up to {@code count} completed checkpoints triggered after {@code afterMillis}, waiting at most until {@code untilMillis}. */
    List<JsonNode> checkpointsTriggeredAfter(long afterMillis, int count, long untilMillis) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        while (System.currentTimeMillis() < untilMillis) {
            found.clear();
            for (JsonNode checkpoint : checkpoints().path("history")) {
                if (checkpoint.path("status").asText().equals("COMPLETED") && checkpoint.path("trigger_timestamp").asLong() > afterMillis) {
                    found.add(checkpoint);
                }
            }
            if (found.size() >= count) {
                break;
            }
            Thread.sleep(500);
        }
        return found;
    }
}
