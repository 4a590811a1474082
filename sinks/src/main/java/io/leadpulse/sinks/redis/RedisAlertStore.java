package io.leadpulse.sinks.redis;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * Writes alerts to Redis per contract section 4 with one atomic script per alert, idempotent by alert id:
 * the alert key, the team and rep feeds, the stream and the team's live channel, once each.
 */
public final class RedisAlertStore implements AutoCloseable {
    /** The stream is trimmed, roughly, to this many entries so it cannot grow without bound. */
    static final long STREAM_MAX_LENGTH = 1_000_000;
    private static final Long STORED = 1L;

    private final RedisClient redis;
    private final RedisScript script;

    public RedisAlertStore(String redisUrl) {
        this.redis = RedisClient.create(redisUrl);
        this.script = new RedisScript(redis, "store-alert.lua");
    }

    /** Stores the alert; false when it was already stored (nothing was changed then). */
    public boolean store(Alert alert) {
        return STORED.equals(script.run(call(alert)));
    }

    /** Stores the alerts prepared by {@link #call} in one round trip; returns how many were new. */
    public int storeAll(List<RedisScript.Call> calls) {
        return (int) script.runAll(calls).stream().filter(STORED::equals).count();
    }

    /** What storing the alert takes, prepared now: the alert itself may be reused by the caller afterwards. */
    public RedisScript.Call call(Alert alert) {
        List<String> keys = new ArrayList<>(4);
        keys.add(RedisKeys.alert(alert.getId()));
        keys.add(RedisKeys.ALERT_STREAM);
        keys.add(RedisKeys.teamFeed(alert.getTeamId()));
        if (alert.getRepId() != null) {
            keys.add(RedisKeys.repFeed(alert.getRepId()));
        }
        List<String> args = List.of(
                AlertJson.toJson(alert),
                String.valueOf(RedisKeys.ALERT_TTL_SECONDS),
                alert.getId(),
                String.valueOf(alert.getDetectedAt().toEpochMilli()),
                String.valueOf(RedisKeys.FEED_LENGTH),
                RedisKeys.teamChannel(alert.getTeamId()),
                String.valueOf(STREAM_MAX_LENGTH));
        return new RedisScript.Call(keys, args);
    }

    /** Whether Redis answers. */
    public boolean ping() {
        return "PONG".equals(redis.ping());
    }

    @Override
    public void close() {
        redis.close();
    }
}
