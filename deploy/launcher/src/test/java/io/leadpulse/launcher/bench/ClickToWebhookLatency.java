package io.leadpulse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.launcher.GatewayClient;
import io.leadpulse.launcher.LeadPulseConfig;
import io.leadpulse.launcher.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Click to webhook: customers' clicks on the whole running pipeline (gateway, embedded Kafka, the detection job, Redis,
 * the webhook sink) at a fixed rate, each alert delivered to one standard subscription on a local receiver; latency is
 * the receiver's arrival time minus the alert's {@code occurredAt} (when the gateway took the click). The clicks come
 * from {@link PacedClicks}. A warm-up at the same rate comes first and is left out.
 * Run with {@code deploy/bench/webhook-delivery.sh latency [rate] [seconds] [warm-up seconds] [links]}.
 */
public final class ClickToWebhookLatency {
    private static final String API_KEY = "bench-key";
    private static final String TEAM = "bench-team";
    private static final int CONNECTIONS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int linkCount = args.length > 3 ? Integer.parseInt(args[3]) : 3 * rate;
        Path dir = Files.createTempDirectory("lp-bench-click-webhook");
        LeadPulseConfig config = BenchPipelineConfig.of(Map.of("LP_HTTP_PORT", "0", "LP_API_KEY", API_KEY,
                "LP_STATE_DIR", dir.toString(), "LP_WEBHOOK_ALLOW_PRIVATE", "true"));
        try (Pipeline pipeline = Pipeline.start(config);
             TimingReceiver receiver = new TimingReceiver(8)) {
            if (!pipeline.awaitReady(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the pipeline did not get ready");
            }
            GatewayClient gateway = new GatewayClient(pipeline.httpPort(), API_KEY);
            gateway.call("POST", "/v1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"format\": \"standard\", \"teamIds\": [\""
                    + TEAM + "\"]}", 201);
            List<String> codes = PacedClicks.createLinks(gateway, TEAM, linkCount);
            Thread.sleep(PacedClicks.SCANNER_GRACE.toMillis());
            System.out.printf("%,d links; %,d clicks/s for %d s after a %d s warm-up; one standard subscription (%d attempts in flight)%n",
                    linkCount, rate, seconds, warmUpSeconds, config.webhookEndpointConcurrency());

            String base = "http://localhost:" + pipeline.httpPort();
            Instant measuredFrom = Instant.now().plusSeconds(warmUpSeconds);
            ProcessCpu cpuBefore = ProcessCpu.now();
            PacedClicks.Sent sent = PacedClicks.click(base, codes, rate, seconds + warmUpSeconds, CONNECTIONS);
            long total = sent.requests();
            double achieved = sent.achievedRate();
            System.out.printf("sent %,d clicks (%,d not answered 302) at %,.0f clicks/s%n", total, sent.failed(), achieved);

            long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.distinct() < total - sent.failed() && System.nanoTime() < waitUntil) {
                Thread.sleep(20);
            }
            ProcessCpu cpu = ProcessCpu.now().since(cpuBefore);
            List<Long> latencies = new ArrayList<>();
            List<Long> detection = new ArrayList<>();
            List<Long> delivery = new ArrayList<>();
            for (TimingReceiver.Arrival arrival : receiver.arrivals()) {
                JsonNode alert = JSON.readTree(arrival.body()).path("data");
                long occurredAt = Instant.parse(alert.path("occurredAt").asText()).toEpochMilli();
                long detectedAt = Instant.parse(alert.path("detectedAt").asText()).toEpochMilli();
                if (occurredAt >= measuredFrom.toEpochMilli()) {
                    latencies.add(arrival.receivedAtMillis() - occurredAt);
                    detection.add(detectedAt - occurredAt);
                    delivery.add(arrival.receivedAtMillis() - detectedAt);
                }
            }
            Collections.sort(latencies);
            Collections.sort(detection);
            Collections.sort(delivery);
            System.out.printf("webhooks received: %,d of %,d clicks (%,d repeats); measured: %,d%n",
                    receiver.distinct(), total, receiver.repeats(), latencies.size());
            System.out.printf("click -> webhook received: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (at %,.0f clicks/s)%n",
                    PacedClicks.at(latencies, 0.50), PacedClicks.at(latencies, 0.90), PacedClicks.at(latencies, 0.99), latencies.get(latencies.size() - 1), achieved);
            // Where the time went: click -> alert detected (gateway, Kafka, Flink), then alert detected -> webhook received
            // (Redis, the sink's intake and queue, HTTP).
            System.out.printf("  of which click -> detected: p50 %d ms, p99 %d ms; detected -> received: p50 %d ms, p99 %d ms%n",
                    PacedClicks.at(detection, 0.50), PacedClicks.at(detection, 0.99), PacedClicks.at(delivery, 0.50), PacedClicks.at(delivery, 0.99));
            System.out.printf("CPU over the run: %.1f s JVM, %.1f s Redis%n", cpu.jvmSeconds(), cpu.childrenSeconds());
        }
    }
}
