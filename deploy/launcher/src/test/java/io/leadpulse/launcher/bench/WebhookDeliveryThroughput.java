package io.leadpulse.launcher.bench;

import io.leadpulse.launcher.GatewayClient;
import io.leadpulse.launcher.LeadPulseConfig;
import io.leadpulse.launcher.Pipeline;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.sinks.redis.RedisAlertStore;
import io.leadpulse.sinks.webhooks.delivery.WebhookSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Deliveries per second, and per CPU-second, of the webhook sink to one standard subscription on a fast local
 * receiver: N alerts are written into the Redis alert stream as the detection job's Redis sink writes them
 * ({@link RedisAlertStore}), and the clock runs until the receiver has every one. The gateway (for the subscription),
 * Kafka and Redis are the embedded ones; no detection job runs. Run with
 * {@code deploy/bench/webhook-delivery.sh throughput [alerts] [rounds]}.
 */
public final class WebhookDeliveryThroughput {
    private static final String API_KEY = "bench-key";
    private static final String TEAM = "bench-team";
    private static final int WRITERS = 4;

    public static void main(String[] args) throws Exception {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("lp-bench-webhooks");
        LeadPulseConfig config = BenchPipelineConfig.of(Map.of("LP_HTTP_PORT", "0", "LP_API_KEY", API_KEY,
                "LP_STATE_DIR", dir.toString(), "LP_WEBHOOK_ALLOW_PRIVATE", "true"));
        try (Pipeline pipeline = Pipeline.start(config, false);
             WebhookSink sink = WebhookSink.start(config.webhookSinkSettings(pipeline.kafkaBootstrap(), pipeline.redisUrl()),
                     new SimpleMeterRegistry());
             RedisAlertStore store = new RedisAlertStore(pipeline.redisUrl());
             TimingReceiver receiver = new TimingReceiver(8)) {
            if (!pipeline.awaitReady(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the gateway did not get ready");
            }
            new GatewayClient(pipeline.httpPort(), API_KEY).call("POST", "/v1/webhooks", "{\"url\": \"" + receiver.url()
                    + "\", \"format\": \"standard\", \"teamIds\": [\"" + TEAM + "\"]}", 201);
            Thread.sleep(2_000); // the sink follows subscriptions within a second; alerts before that would not be for it
            System.out.printf("%,d alerts per round, one standard subscription (%d attempts in flight), receiver on loopback answering 204%n",
                    alerts, config.webhookEndpointConcurrency());
            List<Double> rates = new ArrayList<>();
            List<Double> perCpuSecond = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                int before = receiver.distinct();
                ProcessCpu cpuBefore = ProcessCpu.now();
                long start = System.nanoTime();
                double writeSeconds = write(store, alerts);
                while (receiver.distinct() < before + alerts) {
                    if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                        throw new IllegalStateException("only " + (receiver.distinct() - before) + " of " + alerts + " arrived in 10 minutes");
                    }
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                ProcessCpu cpu = ProcessCpu.now().since(cpuBefore);
                double rate = alerts / seconds;
                rates.add(rate);
                perCpuSecond.add(alerts / cpu.jvmSeconds());
                System.out.printf("round %d: %,d delivered in %.2f s (alerts written in %.2f s): %,.0f deliveries/s; "
                                + "CPU %.2f s JVM + %.2f s Redis = %,.0f deliveries per JVM CPU-second, %,.0f per CPU-second with Redis%n",
                        round, alerts, seconds, writeSeconds, rate, cpu.jvmSeconds(), cpu.childrenSeconds(),
                        alerts / cpu.jvmSeconds(), alerts / (cpu.jvmSeconds() + cpu.childrenSeconds()));
            }
            System.out.printf("median: %,.0f deliveries/s, %,.0f deliveries per JVM CPU-second; repeats seen by the receiver: %d%n",
                    median(rates), median(perCpuSecond), receiver.repeats());
        }
    }

    /** Writes the alerts from a few threads, as the job's parallel Redis sinks would; returns the seconds it took. */
    private static double write(RedisAlertStore store, int alerts) throws Exception {
        long start = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = writer; i < alerts; i += WRITERS) {
                        store.store(alert(i));
                    }
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            writers.shutdown();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Alert alert(int i) {
        Instant now = Instant.now();
        return Alert.newBuilder().setId("a-bench-" + UUID.randomUUID()).setType("content.reached").setTeamId(TEAM)
                .setRepId("r" + (i % 50)).setLeadId("L-" + i).setOccurredAt(now.minusMillis(40)).setDetectedAt(now)
                .setMessage("L-" + i + " opened 'Course outline'").setFacts(Map.<String, Object>of("code", "k" + i, "contentId", "outline-v2"))
                .build();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
