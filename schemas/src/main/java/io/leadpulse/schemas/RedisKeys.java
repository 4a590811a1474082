package io.leadpulse.schemas;

/** The Redis keys and channels of contract section 4, spelled in one place. */
public final class RedisKeys {
    /** Alerts expire from the store after 30 days. */
    public static final long ALERT_TTL_SECONDS = 30L * 24 * 3600;
    /** Each feed keeps its newest 10,000 alert ids. */
    public static final int FEED_LENGTH = 10_000;
    /** The stream of every alert. */
    public static final String ALERT_STREAM = "lp:alerts";

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
}
