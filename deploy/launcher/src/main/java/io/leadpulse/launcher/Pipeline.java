package io.leadpulse.launcher;

import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.gateway.GatewayConfig;
import io.leadpulse.gateway.TrackingGateway;
import io.leadpulse.gateway.health.ReadinessCheck;
import io.leadpulse.jobs.DetectionSettings;
import io.leadpulse.sinks.redis.RedisAlertStore;
import io.leadpulse.sinks.webhooks.delivery.WebhookSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of LeadPulse in one process, started in the order the data needs it (Kafka, Redis, gateway, Flink) and
 * stopped in reverse: the gateway stops taking clicks and sends what it holds before the job and the stores go.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    static final String STOPPED_WHILE_STARTING = "stopped while starting";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final LeadPulseConfig config;
    private String apiKey;
    private String kafkaBootstrap;
    private String redisUrl;
    private boolean embeddedKafka;
    private boolean embeddedRedis;
    private boolean detection;
    private TrackingGateway gateway;
    private int httpPort;
    /** Set by the first close; a part that finishes starting after it is stopped at once. Guarded by this. */
    private boolean closed;

    private Pipeline(LeadPulseConfig config) {
        this.config = config;
    }

    /** Starts everything: the stores, the gateway, the webhook sink and the detection job. */
    public static Pipeline start(LeadPulseConfig config) {
        return start(config, true);
    }

    /**
     * Starts the stores and the gateway, and the webhook sink and detection job only when asked (a gateway-only
     * instance scales apart; delivery runs beside the job).
     */
    public static Pipeline start(LeadPulseConfig config, boolean withDetection) {
        return start(config, withDetection, starting -> { });
    }

    /**
     * The same, handing the pipeline to {@code beforeStart} before its first part starts: a {@link #close} from there
     * on (Ctrl-C while it starts) stops every part started so far, and the start ends with "stopped while starting"
     * rather than leaving a Redis server running for no one.
     */
    public static Pipeline start(LeadPulseConfig config, boolean withDetection, Consumer<Pipeline> beforeStart) {
        StateDirectory state = StateDirectory.at(config.stateDir());
        Pipeline pipeline = new Pipeline(config);
        beforeStart.accept(pipeline);
        try {
            pipeline.startParts(state, withDetection);
            pipeline.notStopped(); // a stop after the last part started still ends the start
            return pipeline;
        } catch (RuntimeException e) {
            boolean stopped = pipeline.isClosed();
            pipeline.close();
            if (stopped && !STOPPED_WHILE_STARTING.equals(e.getMessage())) {
                // A part failed on one the stop had closed under it: the stop is the reason.
                throw new IllegalStateException(STOPPED_WHILE_STARTING, e);
            }
            throw e;
        }
    }

    private void startParts(StateDirectory state, boolean withDetection) {
        startPart(() -> StateLock.acquire(state.root())); // first in, so last out
        apiKey = config.apiKey().orElseGet(state::apiKey); // generated under the lock, so no second start replaces it
        embeddedKafka = config.kafkaBootstrap().isEmpty();
        kafkaBootstrap = config.kafkaBootstrap().orElseGet(() -> startPart(() -> EmbeddedKafka.start(state.kafka())).bootstrapServers());
        embeddedRedis = config.redisUrl().isEmpty();
        redisUrl = config.redisUrl().orElseGet(() -> startPart(() -> EmbeddedRedis.start(state.redis())).url());
        RedisAlertStore redis = startPart(() -> new RedisAlertStore(redisUrl));
        detection = withDetection;
        // The job starts after the gateway, which it reads from; /readyz names it from the first request all the same.
        AtomicReference<FlinkMiniCluster> job = new AtomicReference<>();
        List<ReadinessCheck> partsBeside = new ArrayList<>(List.of(ReadinessCheck.of("redis", redis::ping)));
        if (withDetection) {
            partsBeside.add(ReadinessCheck.of("flink", () -> job.get() != null && job.get().isRunning()));
        }

        gateway = startPart(() -> TrackingGateway.start(new GatewayConfig(config.httpPort(), config.publicBaseUrl(), apiKey,
                kafkaBootstrap, redisUrl, state.gateway(), state.clickSigningKey(), config.beaconsPerClientPerSecond(),
                config.trustedProxies(), config.scannerNetworks(), Clock.systemUTC(), config.eventQueueCapacity()), partsBeside));
        httpPort = gateway.port();
        if (withDetection) {
            // Before the job: the sink's consumer group starts at the stream's end, so it must exist before alerts do.
            startPart(() -> WebhookSink.start(config.webhookSinkSettings(kafkaBootstrap, redisUrl), gateway.metrics()));
            job.set(startPart(() -> FlinkMiniCluster.start(new DetectionSettings(kafkaBootstrap, redisUrl,
                    config.checkpointInterval(), DetectionSettings.Timing.defaults()), config.keyedState(), state.checkpoints(),
                    config.flinkRestPort())));
        }
    }

    /**
     * Starts a part, unless a stop has been asked for, and keeps it to be stopped; one that finishes starting after a
     * stop is stopped at once.
     */
    private <T extends AutoCloseable> T startPart(Supplier<T> start) {
        notStopped();
        return remember(start.get());
    }

    private synchronized <T extends AutoCloseable> T remember(T part) {
        if (closed) {
            closeQuietly(part);
            throw new IllegalStateException(STOPPED_WHILE_STARTING);
        }
        started.push(part);
        return part;
    }

    /** Starts no further part once a stop has been asked for. */
    private synchronized void notStopped() {
        if (closed) {
            throw new IllegalStateException(STOPPED_WHILE_STARTING);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Waits until {@code /readyz} would answer 200; false if that takes longer than the timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (gateway.isReady()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    public int httpPort() {
        return httpPort;
    }

    public String apiKey() {
        return apiKey;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String redisUrl() {
        return redisUrl;
    }

    public boolean isKafkaEmbedded() {
        return embeddedKafka;
    }

    public boolean isRedisEmbedded() {
        return embeddedRedis;
    }

    public boolean runsDetection() {
        return detection;
    }

    public LeadPulseConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        closed = true;
        // The gateway goes first: no new clicks, and the ones it holds reach Kafka before the job stops.
        if (gateway != null && started.remove(gateway)) {
            closeQuietly(gateway);
        }
        while (!started.isEmpty()) {
            closeQuietly(started.pop());
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
        }
    }
}
