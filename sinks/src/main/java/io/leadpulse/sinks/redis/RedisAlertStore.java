package io.leadpulse.sinks.redis;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Writes alerts to Redis per contract section 4 with one atomic script per alert, idempotent by alert id:
 * the alert key, the team and rep feeds, the stream and the team's live channel, once each.
 */
public final class RedisAlertStore implements AutoCloseable {
    /** The stream is trimmed, roughly, to this many entries so it cannot grow without bound. */
    static final long STREAM_MAX_LENGTH = 1_000_000;
    private static final String SCRIPT = loadScript();

    private final RedisClient redis;
    private String scriptSha;

    public RedisAlertStore(String redisUrl) {
        this.redis = RedisClient.create(redisUrl);
        this.scriptSha = redis.scriptLoad(SCRIPT);
    }

    /** Stores the alert; false when it was already stored (nothing was changed then). */
    public boolean store(Alert alert) {
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
        Object stored;
        try {
            stored = redis.evalsha(scriptSha, keys, args);
        } catch (JedisNoScriptException flushedOrRestarted) {
            scriptSha = redis.scriptLoad(SCRIPT);
            stored = redis.evalsha(scriptSha, keys, args);
        }
        return Long.valueOf(1).equals(stored);
    }

    /** Whether Redis answers. */
    public boolean ping() {
        return "PONG".equals(redis.ping());
    }

    @Override
    public void close() {
        redis.close();
    }

    private static String loadScript() {
        try (InputStream in = RedisAlertStore.class.getResourceAsStream("store-alert.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("store-alert.lua is missing from the jar", e);
        }
    }
}
