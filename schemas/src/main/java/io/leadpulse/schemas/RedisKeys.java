package io.leadpulse.schemas;

/** The Redis keys and channels of contract section 4, spelled in one place. */
public final class RedisKeys {
    /** Alerts expire from the store after 30 days. */
    public static final long ALERT_TTL_SECONDS = 30L * 24 * 3600;
    /** Each feed keeps its newest 10,000 alert ids. */
    public static final int FEED_LENGTH = 10_000;
    /** The stream of every alert. */
    public static final String ALERT_STREAM = "lp:alerts";

    /** The consumer group of the webhook sink on {@link #ALERT_STREAM}. */
    public static final String WEBHOOK_CONSUMER_GROUP = "lp-webhooks";
    /** Webhook dead letters: delivery ids, score = when the delivery was given up (epoch ms). */
    public static final String WEBHOOK_DEAD_LETTERS = "lp:webhook:dead";
    /** Prefix of the webhook queue's keys; the Lua scripts of the queue build keys from it. */
    public static final String WEBHOOK_PREFIX = "lp:webhook:";

    private RedisKeys() {
    }

    public static String alert(String alertId) {
        return "lp:alert:" + alertId;
    }

    public static String teamFeed(String teamId) {
        return "lp:alerts:team:" + teamId;
    }

    public static String repFeed(String repId) {
        return "lp:alerts:rep:" + repId;
    }

    public static String teamChannel(String teamId) {
        return "lp:live:team:" + teamId;
    }

    public static String repLoad(String repId) {
        return "lp:rep:" + repId + ":load";
    }

    public static String teamLoad(String teamId) {
        return "lp:team:" + teamId + ":load";
    }

    /** A subscription's webhook queue: alert ids, score = when the next attempt is due (epoch ms). */
    public static String webhookDue(String subscriptionId) {
        return WEBHOOK_PREFIX + "due:" + subscriptionId;
    }

    /** One alert's delivery to one subscription: the id of its hash and of its dead letter. */
    public static String webhookDeliveryId(String subscriptionId, String alertId) {
        return subscriptionId + ":" + alertId;
    }

    /**
     * A delivery's hash: {@code subscription}, {@code alertId}, {@code alert} (JSON), {@code attempts},
     * {@code firstAttemptAt}, {@code lastError}, {@code deadAt} (epoch ms).
     */
    public static String webhookDelivery(String deliveryId) {
        return WEBHOOK_PREFIX + "delivery:" + deliveryId;
    }
}
