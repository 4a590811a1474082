package io.leadpulse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.ToLongFunction;

/**
 * Every completed checkpoint of the running detection job, read from Flink's REST API while a benchmark runs (its
 * history keeps only the newest few): when it was triggered, how long it took end to end, what it wrote, and for each
 * task the longest synchronous part (the task does nothing else meanwhile), asynchronous part and start delay (how
 * long the barrier took to reach it). Tells whether the clicks taken during a checkpoint are the slow ones.
 */
final class CheckpointWatch extends Thread {
    /** One task's part of a checkpoint, in milliseconds. */
    record TaskPart(String task, long syncMillis, long asyncMillis, long startDelayMillis) {
    }

    record Checkpoint(long id, long triggeredAtMillis, long endToEndMillis, long checkpointedBytes, List<TaskPart> tasks) {
        boolean covers(long atMillis) {
            return atMillis >= triggeredAtMillis && atMillis <= triggeredAtMillis + endToEndMillis;
        }
    }

    private final FlinkRest rest;
    private final Map<Long, Checkpoint> completed = new ConcurrentSkipListMap<>();

    CheckpointWatch(FlinkRest rest) {
        super("checkpoint watch");
        setDaemon(true);
        this.rest = rest;
    }

    @Override
    public void run() {
        while (!isInterrupted()) {
            try {
                readNew();
            } catch (Exception e) {
                System.out.println("checkpoint watch: " + e); // a missed poll; the history still has it next time
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops watching after a last read; the completed checkpoints that ran within the window, oldest first. */
    List<Checkpoint> stopAndList(long fromMillis, long toMillis) throws Exception {
        interrupt();
        join();
        readNew();
        return completed.values().stream()
                .filter(checkpoint -> checkpoint.triggeredAtMillis() + checkpoint.endToEndMillis() >= fromMillis
                        && checkpoint.triggeredAtMillis() <= toMillis)
                .toList();
    }

    /** Records the completed checkpoints not seen yet; one whose details cannot be read is tried again next time. */
    private void readNew() throws Exception {
        JsonNode vertices = null;
        for (JsonNode checkpoint : rest.checkpoints().path("history")) {
            long id = checkpoint.path("id").asLong();
            if (!checkpoint.path("status").asText().equals("COMPLETED") || completed.containsKey(id)) {
                continue;
            }
            vertices = vertices != null ? vertices : rest.vertices();
            try {
                completed.put(id, new Checkpoint(id, checkpoint.path("trigger_timestamp").asLong(),
                        checkpoint.path("end_to_end_duration").asLong(), checkpoint.path("checkpointed_size").asLong(),
                        tasksOf(id, vertices)));
            } catch (IOException e) {
                System.out.println("checkpoint watch: checkpoint " + id + ": " + e.getMessage());
            }
        }
    }

    private List<TaskPart> tasksOf(long checkpointId, JsonNode vertices) throws Exception {
        List<TaskPart> tasks = new ArrayList<>();
        for (JsonNode vertex : vertices) {
            JsonNode summary = rest.taskCheckpoint(checkpointId, vertex.path("id").asText()).path("summary");
            tasks.add(new TaskPart(taskName(vertex.path("name").asText()),
                    summary.path("checkpoint_duration").path("sync").path("max").asLong(),
                    summary.path("checkpoint_duration").path("async").path("max").asLong(),
                    summary.path("start_delay").path("max").asLong()));
        }
        return tasks;
    }

    /** The first operator of the chain names the task: "content reached -> (...)" is "content reached". */
    private static String taskName(String chain) {
        int arrow = chain.indexOf(" -> ");
        return arrow < 0 ? chain : chain.substring(0, arrow);
    }

    /** Prints the checkpoints' durations and each task's parts: median and longest. */
    static void report(List<Checkpoint> checkpoints) {
        if (checkpoints.isEmpty()) {
            System.out.println("checkpoints while measured: none completed");
            return;
        }
        System.out.printf("checkpoints while measured: %d; end to end p50 %d ms, max %d ms; written p50 %,d KB, max %,d KB%n",
                checkpoints.size(), median(checkpoints, Checkpoint::endToEndMillis), max(checkpoints, Checkpoint::endToEndMillis),
                median(checkpoints, Checkpoint::checkpointedBytes) / 1024, max(checkpoints, Checkpoint::checkpointedBytes) / 1024);
        Map<String, List<TaskPart>> byTask = new LinkedHashMap<>();
        for (Checkpoint checkpoint : checkpoints) {
            for (TaskPart part : checkpoint.tasks()) {
                byTask.computeIfAbsent(part.task(), task -> new ArrayList<>()).add(part);
            }
        }
        byTask.forEach((task, parts) -> System.out.printf(
                "  %-36s sync p50 %4d ms, max %4d ms; async p50 %4d ms, max %5d ms; start delay max %4d ms%n", task,
                median(parts, TaskPart::syncMillis), max(parts, TaskPart::syncMillis), median(parts, TaskPart::asyncMillis),
                max(parts, TaskPart::asyncMillis), max(parts, TaskPart::startDelayMillis)));
    }

    private static <T> long median(List<T> items, ToLongFunction<T> value) {
        List<Long> sorted = new ArrayList<>(items.stream().map(value::applyAsLong).toList());
        Collections.sort(sorted);
        return PacedClicks.at(sorted, 0.50);
    }

    private static <T> long max(List<T> items, ToLongFunction<T> value) {
        return items.stream().mapToLong(value).max().orElse(0);
    }
}
