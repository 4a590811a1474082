package io.leadpulse.launcher.bench;

import io.leadpulse.embedded.FreePorts;
import io.leadpulse.launcher.GatewayClient;
import io.leadpulse.launcher.LeadPulseConfig;
import io.leadpulse.launcher.Pipeline;
import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Click to alert in Redis at a sustained rate: customers' clicks ({@link PacedClicks}) through the gateway of the whole
 * running pipeline ({@link Pipeline#start}, as {@code leadpulse up} runs it), and the time each {@code content.reached}
 * alert is in Redis minus its {@code occurredAt} (when the gateway took the click). "In Redis" is the alert's entry in
 * the {@code lp:alerts} stream: the entry id carries the Redis server's clock (milliseconds) at the XADD, so polling
 * adds no skew; a reader blocked on XREAD also notes when each entry reached it. Split at the alert's {@code detectedAt}.
 * Run with {@code deploy/bench/click-to-alert-rate.sh [rate] [seconds] [warm-up seconds] [connections]}.
 */
public final class ClickToAlertRate {
    private static final String API_KEY = "bench-key";
    private static final String TEAM = "bench-team";

    /** One stream entry as the reader saw it. */
    private record Entry(long addedMillis, long readMillis, String json) {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : Math.max(32, rate / 50);
        int linkCount = 3 * rate; // each link clicked once every 3 s
        Path dir = Files.createTempDirectory("lp-bench-click-alert");
        int restPort = FreePorts.pick();
        LeadPulseConfig config = BenchPipelineConfig.of(Map.of("LP_HTTP_PORT", "0", "LP_API_KEY", API_KEY,
                "LP_STATE_DIR", dir.toString(), "LP_FLINK_REST_PORT", String.valueOf(restPort)));
        try (Pipeline pipeline = Pipeline.start(config)) {
            if (!pipeline.awaitReady(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the pipeline did not get ready");
            }
            CheckpointWatch checkpoints = new CheckpointWatch(FlinkRest.ofRunningJob(restPort, Duration.ofMinutes(1)));
            GatewayClient gateway = new GatewayClient(pipeline.httpPort(), API_KEY);
            List<String> codes = PacedClicks.createLinks(gateway, TEAM, linkCount);
            Thread.sleep(PacedClicks.SCANNER_GRACE.toMillis());
            System.out.printf("%,d links; %,d clicks/s for %d s after a %d s warm-up, %d connections%n",
                    linkCount, rate, seconds, warmUpSeconds, connections);

            ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
            StreamReader reader = new StreamReader(pipeline.redisUrl(), entries);
            reader.start();
            long measuredFrom = Instant.now().plusSeconds(warmUpSeconds).toEpochMilli();
            ProcessCpu cpuBefore = ProcessCpu.now();
            checkpoints.start();
            PacedClicks.Sent sent = PacedClicks.click("http://localhost:" + pipeline.httpPort(), codes, rate,
                    seconds + warmUpSeconds, connections);
            long measuredTo = System.currentTimeMillis();
            long total = sent.requests();
            double achieved = sent.achievedRate();
            System.out.printf("sent %,d clicks (%,d not answered 302) at %,.0f clicks/s%n", total, sent.failed(), achieved);
            long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // The reader's own count: ConcurrentLinkedQueue.size() walks the queue (a first run spent 10 % of its CPU here).
            while (reader.read.get() < total - sent.failed() && System.nanoTime() < waitUntil) {
                Thread.sleep(20);
            }
            ProcessCpu cpu = ProcessCpu.now().since(cpuBefore);
            reader.interrupt();
            List<CheckpointWatch.Checkpoint> measuredCheckpoints = checkpoints.stopAndList(measuredFrom, measuredTo);

            List<Long> inRedis = new ArrayList<>();
            List<Long> atReader = new ArrayList<>();
            List<Long> detection = new ArrayList<>();
            List<Long> store = new ArrayList<>();
            List<Long> duringCheckpoints = new ArrayList<>();
            List<Long> betweenCheckpoints = new ArrayList<>();
            int reached = 0;
            for (Entry entry : entries) {
                Alert alert = AlertJson.fromJson(entry.json());
                if (!alert.getType().equals("content.reached")) {
                    continue;
                }
                reached++;
                long occurredAt = alert.getOccurredAt().toEpochMilli();
                long detectedAt = alert.getDetectedAt().toEpochMilli();
                if (occurredAt >= measuredFrom) {
                    inRedis.add(entry.addedMillis() - occurredAt);
                    atReader.add(entry.readMillis() - occurredAt);
                    detection.add(detectedAt - occurredAt);
                    store.add(entry.addedMillis() - detectedAt);
                    boolean duringCheckpoint = measuredCheckpoints.stream().anyMatch(checkpoint -> checkpoint.covers(occurredAt));
                    (duringCheckpoint ? duringCheckpoints : betweenCheckpoints).add(entry.addedMillis() - occurredAt);
                }
            }
            for (List<Long> each : List.of(inRedis, atReader, detection, store, duringCheckpoints, betweenCheckpoints)) {
                Collections.sort(each);
            }
            System.out.printf("content.reached alerts in lp:alerts: %,d of %,d clicks (%,d entries in all); measured: %,d%n",
                    reached, total, entries.size(), inRedis.size());
            if (inRedis.isEmpty()) {
                System.out.println("no alert of a measured click reached Redis within 60 s of the last click: the pipeline fell behind");
            } else {
                report(inRedis, atReader, detection, store, achieved);
                CheckpointWatch.report(measuredCheckpoints);
                reportBySide(duringCheckpoints, betweenCheckpoints);
            }
            System.out.printf("CPU over the run: %.1f s JVM, %.1f s Redis (%.0f s wall)%n", cpu.jvmSeconds(), cpu.childrenSeconds(),
                    sent.took().toNanos() / 1e9);
            // Where clicks without an alert went: flagged as not a customer, refused, or not (yet) acknowledged by Kafka.
            String metrics = gateway.send(gateway.request("/metrics").GET()).body();
            metrics.lines().filter(line -> line.startsWith("lp_gateway_events_") || line.startsWith("lp_gateway_not_customer"))
                    .forEach(line -> System.out.println("  gateway: " + line));
        }
    }

    private static void report(List<Long> inRedis, List<Long> atReader, List<Long> detection, List<Long> store, double achieved) {
        System.out.printf("click -> alert in Redis (stream entry id): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (at %,.0f clicks/s)%n",
                PacedClicks.at(inRedis, 0.50), PacedClicks.at(inRedis, 0.90), PacedClicks.at(inRedis, 0.99),
                inRedis.get(inRedis.size() - 1), achieved);
        System.out.printf("  click -> read by XREAD BLOCK: p50 %d ms, p99 %d ms%n", PacedClicks.at(atReader, 0.50), PacedClicks.at(atReader, 0.99));
        // Where the time went: gateway, Kafka and Flink up to detection, then the Redis sink up to the XADD.
        System.out.printf("  of which click -> detected: p50 %d ms, p90 %d ms, p99 %d ms; detected -> in Redis: p50 %d ms, p90 %d ms, p99 %d ms%n",
                PacedClicks.at(detection, 0.50), PacedClicks.at(detection, 0.90), PacedClicks.at(detection, 0.99),
                PacedClicks.at(store, 0.50), PacedClicks.at(store, 0.90), PacedClicks.at(store, 0.99));
    }

    /** Clicks taken while a checkpoint ran (from its trigger to its completion) against the others. */
    private static void reportBySide(List<Long> during, List<Long> between) {
        for (Map.Entry<String, List<Long>> side : List.of(Map.entry("during a checkpoint", during), Map.entry("between checkpoints", between))) {
            List<Long> latencies = side.getValue();
            if (latencies.isEmpty()) {
                System.out.printf("  clicks taken %s: none%n", side.getKey());
            } else {
                System.out.printf("  clicks taken %s: %,d; click -> alert in Redis p50 %d ms, p99 %d ms, max %d ms%n", side.getKey(),
                        latencies.size(), PacedClicks.at(latencies, 0.50), PacedClicks.at(latencies, 0.99),
                        latencies.get(latencies.size() - 1));
            }
        }
    }

    /** Reads every new entry of the alert stream, blocking, and notes when it arrived. */
    private static final class StreamReader extends Thread {
        private final RedisClient redis;
        private final ConcurrentLinkedQueue<Entry> entries;
        final AtomicLong read = new AtomicLong();

        StreamReader(String redisUrl, ConcurrentLinkedQueue<Entry> entries) {
            super("lp:alerts reader");
            setDaemon(true);
            this.redis = RedisClient.create(redisUrl);
            this.entries = entries;
        }

        @Override
        public void run() {
            StreamEntryID after = StreamEntryID.XREAD_NEW_ENTRY;
            while (!isInterrupted()) {
                List<Map.Entry<String, List<StreamEntry>>> reply = redis.xread(XReadParams.xReadParams().count(1_000).block(500),
                        Map.of(RedisKeys.ALERT_STREAM, after));
                long now = System.currentTimeMillis();
                if (reply == null || reply.isEmpty()) {
                    continue;
                }
                for (StreamEntry entry : reply.get(0).getValue()) {
                    entries.add(new Entry(entry.getID().getTime(), now, entry.getFields().get("alert")));
                    after = entry.getID();
                }
                read.addAndGet(reply.get(0).getValue().size());
            }
        }
    }
}
