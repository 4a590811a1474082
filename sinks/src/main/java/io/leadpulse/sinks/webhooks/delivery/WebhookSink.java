package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.kafka.CompactedTopicFollower;
import io.leadpulse.schemas.v1.TeamRules;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.WebhookTransport;
import io.leadpulse.sinks.webhooks.delivery.queue.DeliveryQueue;
import io.leadpulse.sinks.webhooks.delivery.schedule.RetrySchedule;
import io.leadpulse.sinks.webhooks.format.MessageFormats;
import io.leadpulse.sinks.webhooks.transport.HttpWebhookTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * Delivers every alert to the webhook subscriptions that want it (contract section 5), at least once, surviving
 * crashes and restarts: alerts come from the Redis alert stream, wait in a durable queue in Redis, and go out through
 * per-subscription lanes so that no receiver holds up another. Subscriptions and team languages are followed live on
 * Kafka. Closing stops taking deliveries and waits briefly for those in flight; anything unfinished is due again
 * after its lease, on this or another instance.
 */
public final class WebhookSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
    /** How long close waits for attempts in flight: a little over one attempt's timeout. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(11);
    /** Redis connections: the scheduler, the stream reader, the outcome writer, disabling workers and dead letters. */
    private static final int REDIS_CONNECTIONS = 32;

    private final RedisClient redis;
    private final WebhookTransport transport;
    private final SubscriptionDisabler disabler;
    private final CompactedTopicFollower<WebhookSubscription> subscriptionFollower;
    private final CompactedTopicFollower<TeamRules> rulesFollower;
    private final AlertIntake intake;
    private final Dispatcher dispatcher;
    private final ResolutionWriter resolutions;
    private final DeadLetters deadLetters;

    /** Starts delivering at once, with each subscription's own format and the real HTTP transport. */
    public static WebhookSink start(WebhookSinkSettings settings, MeterRegistry registry) {
        return new WebhookSink(settings, registry, MessageFormats::of);
    }

    /** @param formats how each format of subscription is rendered and read (tests hand in formats with smaller rate limits) */
    WebhookSink(WebhookSinkSettings settings, MeterRegistry registry, Function<WebhookFormat, MessageFormat> formats) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(REDIS_CONNECTIONS);
        pool.setMaxIdle(REDIS_CONNECTIONS);
        this.redis = RedisClient.builder().fromURI(settings.redisUrl()).poolConfig(pool).build();
        this.transport = new HttpWebhookTransport(settings.allowPrivate());
        this.disabler = new SubscriptionDisabler(settings.kafkaBootstrap());
        DeliveryQueue queue = new DeliveryQueue(redis);
        RetrySchedule schedule = new RetrySchedule(settings.retrySchedule(), () -> ThreadLocalRandom.current().nextDouble());
        DeliveryMetrics metrics = new DeliveryMetrics(registry);
        SubscriptionTable subscriptions = new SubscriptionTable(id -> {
            int dropped = queue.drop(id);
            if (dropped > 0) {
                LOG.info("Subscription {} was deleted; dropped its {} queued deliveries", id, dropped);
            }
        });
        TeamLanguages languages = new TeamLanguages();
        this.resolutions = new ResolutionWriter(queue::resolve);
        this.dispatcher = new Dispatcher(subscriptions, languages, formats, queue, new Courier(transport, settings.clock()),
                new Settlement(queue, resolutions, schedule, subscriptions, disabler, metrics), settings.clock(), metrics,
                settings.endpointConcurrency());
        this.subscriptionFollower = new CompactedTopicFollower<>(settings.kafkaBootstrap(), Topics.WEBHOOKS,
                WebhookSubscription.class, "webhook-subscriptions", subscriptions);
        this.rulesFollower = new CompactedTopicFollower<>(settings.kafkaBootstrap(), Topics.RULES,
                TeamRules.class, "webhook-languages", languages);
        this.intake = new AlertIntake(redis, queue, subscriptions, schedule, settings.clock(), metrics, consumerName(),
                () -> subscriptionFollower.isCaughtUp() && rulesFollower.isCaughtUp(), dispatcher::wake);
        this.deadLetters = new DeadLetters(queue, settings.clock());
        resolutions.start();
        dispatcher.start();
        intake.start();
    }

    /** The dead letters of the queue this sink delivers from. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        intake.close();
        dispatcher.close(CLOSE_GRACE);
        resolutions.close(); // after the attempts: those that finished within the grace are written
        subscriptionFollower.close();
        rulesFollower.close();
        disabler.close();
        transport.close();
        redis.close();
    }

    /** Stable across restarts of this host, so a restarted sink finds the entries it read but had not queued. */
    static String consumerName() {
        try {
            return "webhook-sink@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "webhook-sink";
        }
    }
}
