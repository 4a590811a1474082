package io.leadpulse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.launcher.GatewayClient;
import io.leadpulse.launcher.LeadPulseConfig;
import io.leadpulse.launcher.Pipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Click to webhook: customers' clicks on the whole running pipeline (gateway, embedded Kafka, the detection job, Redis,
 * the webhook sink) at a fixed rate, each alert delivered to one standard subscription on a local receiver; latency is
 * the receiver's arrival time minus the alert's {@code occurredAt} (when the gateway took the click). The sender is
 * open-loop: click i is due at start + i / rate whatever became of the ones before. Clicks are spread over many links
 * made more than 2 s before, each link clicked at most once every few seconds, with browser user agents and no
 * cookies, so that none looks like a mail scanner or a repeat. A warm-up at the same rate comes first and is left out.
 * Run with {@code deploy/bench/webhook-delivery.sh latency [rate] [seconds] [warm-up seconds] [links]}.
 */
public final class ClickToWebhookLatency {
    private static final String API_KEY = "bench-key";
    private static final String TEAM = "bench-team";
    private static final int SENDERS = 16;
    private static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int linkCount = args.length > 3 ? Integer.parseInt(args[3]) : 3 * rate;
        Path dir = Files.createTempDirectory("lp-bench-click-webhook");
        LeadPulseConfig config = LeadPulseConfig.fromEnvironment(Map.of("LP_HTTP_PORT", "0", "LP_API_KEY", API_KEY,
                "LP_STATE_DIR", dir.toString(), "LP_WEBHOOK_ALLOW_PRIVATE", "true"), false);
        try (Pipeline pipeline = Pipeline.start(config);
             TimingReceiver receiver = new TimingReceiver(8)) {
            if (!pipeline.awaitReady(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the pipeline did not get ready");
            }
            GatewayClient gateway = new GatewayClient(pipeline.httpPort(), API_KEY);
            gateway.call("POST", "/v1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"format\": \"standard\", \"teamIds\": [\""
                    + TEAM + "\"]}", 201);
            List<String> codes = createLinks(gateway, linkCount);
            Thread.sleep(2_500); // a click within 2 s of its link's creation is taken for a mail scanner's
            System.out.printf("%,d links; %,d clicks/s for %d s after a %d s warm-up; one standard subscription%n",
                    linkCount, rate, seconds, warmUpSeconds);

            String base = "http://localhost:" + pipeline.httpPort();
            long total = (long) rate * (seconds + warmUpSeconds);
            Instant measuredFrom = Instant.now().plusSeconds(warmUpSeconds);
            ProcessCpu cpuBefore = ProcessCpu.now();
            Sent sent = click(base, codes, rate, total);
            long measuredClicks = total - (long) rate * warmUpSeconds;
            double achieved = measuredClicks / ((sent.lastNanos.get() - sent.startNanos) / 1e9 - warmUpSeconds);
            System.out.printf("sent %,d clicks (%,d not answered 302), measured part at %,.0f clicks/s; %,d sent more than 10 ms late%n",
                    total, sent.failed.get(), achieved, sent.late.get());

            long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.distinct() < total - sent.failed.get() && System.nanoTime() < waitUntil) {
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
                    at(latencies, 0.50), at(latencies, 0.90), at(latencies, 0.99), latencies.get(latencies.size() - 1), achieved);
            // Where the time went: click -> alert detected (gateway, Kafka, Flink), then alert detected -> webhook received
            // (Redis, the sink's intake and queue, HTTP).
            System.out.printf("  of which click -> detected: p50 %d ms, p99 %d ms; detected -> received: p50 %d ms, p99 %d ms%n",
                    at(detection, 0.50), at(detection, 0.99), at(delivery, 0.50), at(delivery, 0.99));
            System.out.printf("CPU over the run: %.1f s JVM, %.1f s Redis%n", cpu.jvmSeconds(), cpu.childrenSeconds());
        }
    }

    /** Links for the team, made by a few callers at once (one at a time would take minutes). */
    private static List<String> createLinks(GatewayClient gateway, int count) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = "{\"repId\": \"r" + (i % 50) + "\", \"teamId\": \"" + TEAM + "\", \"leadId\": \"L-" + i
                        + "\", \"targetUrl\": \"https://example.com/outline\", \"title\": \"Course outline\"}";
                created.add(callers.submit(() -> gateway.call("POST", "/v1/links", body, 201).get("code").asText()));
            }
            List<String> codes = new ArrayList<>(count);
            for (Future<String> code : created) {
                codes.add(code.get());
            }
            return codes;
        } finally {
            callers.shutdown();
        }
    }

    /** What the sender did. */
    private static final class Sent {
        final AtomicLong failed = new AtomicLong();
        final AtomicLong late = new AtomicLong();
        long startNanos;
        final AtomicLong lastNanos = new AtomicLong();
    }

    /** Click i on link i mod links at start + i / rate, from several sender threads, never waiting for earlier answers. */
    private static Sent click(String base, List<String> codes, int rate, long total) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        Sent sent = new Sent();
        sent.startNanos = System.nanoTime() + Duration.ofMillis(100).toNanos();
        long intervalNanos = 1_000_000_000L / rate;
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                done.add(senders.submit(() -> {
                    for (long i = sender; i < total; i += SENDERS) {
                        long due = sent.startNanos + i * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        } else if (wait < -10_000_000) {
                            sent.late.incrementAndGet();
                        }
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/l/" + codes.get((int) (i % codes.size()))))
                                .header("User-Agent", BROWSERS.get((int) (i % BROWSERS.size()))).timeout(Duration.ofSeconds(10)).GET().build();
                        try {
                            if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 302) {
                                sent.failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            sent.failed.incrementAndGet();
                        }
                        sent.lastNanos.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            senders.shutdown();
        }
        return sent;
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(quantile * sorted.size())));
    }
}
