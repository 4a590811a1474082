package io.leadpulse.jobs;

import io.leadpulse.jobs.engagement.ContentReached;
import io.leadpulse.jobs.engagement.ContentReachedFunction;
import io.leadpulse.jobs.kafka.KafkaConnections;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.sinks.redis.RedisAlertSink;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detection job: clicks from Kafka become {@code content.reached} alerts, written exactly once to
 * {@code lp.alerts} and, idempotently, to Redis. Source and sinks come in through the constructor so tests and the
 * launcher can hand in their own; {@link #main} runs it on a real Flink cluster.
 */
public final class DetectionJob {
    /** Clicks may arrive this much out of order before the repeat window's clean-up timers fire. */
    private static final Duration CLICK_DISORDER = Duration.ofSeconds(10);
    private static final Duration IDLE_PARTITION = Duration.ofMinutes(1);
    /** Flink ships network buffers every 100 ms by default; alerts are worth more than the saved CPU. */
    private static final Duration BUFFER_TIMEOUT = Duration.ofMillis(5);

    private final Source<Click, ?, ?> clicks;
    private final Sink<Alert> alertTopic;
    private final Sink<Alert> alertStore;
    private final DetectionSettings settings;

    public DetectionJob(Source<Click, ?, ?> clicks, Sink<Alert> alertTopic, Sink<Alert> alertStore, DetectionSettings settings) {
        this.clicks = clicks;
        this.alertTopic = alertTopic;
        this.alertStore = alertStore;
        this.settings = settings;
    }

    /** The job wired to Kafka and Redis as configured. */
    public static DetectionJob connectedTo(DetectionSettings settings) {
        return new DetectionJob(KafkaConnections.clicks(settings.kafkaBootstrap()),
                KafkaConnections.alerts(settings.kafkaBootstrap()),
                new RedisAlertSink(settings.redisUrl()), settings);
    }

    /** Adds the pipeline to the environment, in the order the data flows. */
    public void addTo(StreamExecutionEnvironment env) {
        env.setBufferTimeout(BUFFER_TIMEOUT.toMillis());
        DataStream<Click> clickStream = env
                .fromSource(clicks, WatermarkStrategy.<Click>forBoundedOutOfOrderness(CLICK_DISORDER)
                        .withTimestampAssigner((click, previous) -> click.getOccurredAt().toEpochMilli())
                        .withIdleness(IDLE_PARTITION), "clicks")
                .uid("clicks-source");

        DataStream<Alert> alerts = clickStream
                .keyBy(ContentReached::visitorOnLink)
                .process(new ContentReachedFunction(settings.duplicateClickWindow()))
                .uid("content-reached").name("content reached");

        alerts.sinkTo(alertTopic).uid("alerts-topic").name("lp.alerts");
        alerts.sinkTo(alertStore).uid("alerts-redis").name("redis alerts");
    }

    public static void main(String[] args) throws Exception {
        DetectionSettings settings = DetectionSettings.from(args, System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(settings.checkpointInterval().toMillis());
        }
        connectedTo(settings).addTo(env);
        env.execute(DetectionSettings.JOB_NAME);
    }
}
