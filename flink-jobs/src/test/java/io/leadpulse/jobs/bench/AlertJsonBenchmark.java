package io.leadpulse.jobs.bench;

import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What writing an alert as JSON costs: every alert is written once for its Redis script (the alert key, the stream,
 * the live channel) and read back by the webhook intake. A {@code content.reached} with its usual facts and a
 * {@code lead.silent} with the customer's last texts. Run with {@code LP_JMH_MODULE=flink-jobs deploy/bench/jmh.sh
 * AlertJsonBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AlertJsonBenchmark {
    private final Alert reached = alert("content.reached", Map.of("code", "7fQk2cAbCdEf", "title", "Course outline",
            "visitorId", "v-5b1e0c9a2f", "bot", false, "repeat", 1L));
    private final Alert silent = alert("lead.silent", Map.of("silentSeconds", 86_400L, "lastActivityAt",
            "2026-11-22T09:31:40Z", "lastCustomerMessages", List.of("Is there a trial?", "Can you send the spec?",
                    "Thanks, I'll read it tonight")));
    private final String reachedJson = AlertJson.toJson(reached);

    @Benchmark
    public String writeContentReached() {
        return AlertJson.toJson(reached);
    }

    @Benchmark
    public String writeSilence() {
        return AlertJson.toJson(silent);
    }

    @Benchmark
    public Alert readContentReached() {
        return AlertJson.fromJson(reachedJson);
    }

    private static Alert alert(String type, Map<String, Object> facts) {
        return Alert.newBuilder()
                .setId("a-3f9c0d2e4b5a6978").setType(type).setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setOccurredAt(Instant.parse("2026-11-22T09:31:40.031Z"))
                .setDetectedAt(Instant.parse("2026-11-22T09:31:40.120Z"))
                .setMessage("L-1 opened 'Course outline'")
                .setFacts(new LinkedHashMap<>(facts))
                .build();
    }
}
