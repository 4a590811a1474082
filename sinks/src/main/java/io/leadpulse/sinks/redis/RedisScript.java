package io.leadpulse.sinks.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script from the resources, loaded into Redis once and run by its SHA; loaded again when Redis has forgotten it
 * (SCRIPT FLUSH, or a restart without persistence of the script cache). Shared by the Redis sinks and the webhook
 * delivery queue, so every atomic Redis change in the sinks is kept and run the same way.
 */
public final class RedisScript {
    private final RedisClient redis;
    private final String source;
    private volatile String sha;

    RedisScript(RedisClient redis, String resourceName) {
        this(redis, RedisScript.class, resourceName);
    }

    /** A script kept next to {@code owner}: {@code resourceName} is resolved in {@code owner}'s package. */
    public RedisScript(RedisClient redis, Class<?> owner, String resourceName) {
        this.redis = redis;
        this.source = read(owner, resourceName);
        this.sha = redis.scriptLoad(source);
    }

    /** Runs the script atomically and returns its reply. */
    public Object run(List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException flushedOrRestarted) {
            sha = redis.scriptLoad(source);
            return redis.evalsha(sha, keys, args);
        }
    }

    private static String read(Class<?> owner, String resourceName) {
        try (InputStream in = owner.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalStateException(resourceName + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resourceName, e);
        }
    }
}
