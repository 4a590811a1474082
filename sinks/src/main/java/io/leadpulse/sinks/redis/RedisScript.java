package io.leadpulse.sinks.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
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

    /** One run of a script, prepared ahead of sending: its keys and arguments. */
    public record Call(List<String> keys, List<String> args) {
    }

    /** Runs the script atomically and returns its reply. */
    public Object run(Call call) {
        return run(call.keys(), call.args());
    }

    /** One run of a particular script, for a round trip that runs several scripts ({@link #runTogether}). */
    public record Run(RedisScript script, Call call) {
    }

    /**
     * Runs the script once per call, in order, in one round trip (a pipeline), and returns the replies in the same
     * order. Each run is atomic; the batch as a whole is not, so the script must be safe to run again.
     */
    public List<Object> runAll(List<Call> calls) {
        List<Run> runs = new ArrayList<>(calls.size());
        for (Call call : calls) {
            runs.add(new Run(this, call));
        }
        return runTogether(runs);
    }

    /**
     * Runs calls of several scripts, in order, in one round trip (a pipeline), and returns the replies in the same
     * order: what {@link #runAll} does for one script. The scripts must share one Redis client. Each run is atomic;
     * the batch as a whole is not, so every script must be safe to run again.
     */
    public static List<Object> runTogether(List<Run> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        RedisClient redis = runs.get(0).script().redis;
        for (Run run : runs) {
            if (run.script().redis != redis) {
                throw new IllegalArgumentException("scripts run together must share one Redis client");
            }
        }
        try {
            return pipelined(redis, runs);
        } catch (JedisNoScriptException flushedOrRestarted) {
            // Some calls of the batch may have run before Redis forgot the script: the scripts are safe to run again.
            runs.stream().map(Run::script).distinct().forEach(RedisScript::reload);
            return pipelined(redis, runs);
        }
    }

    private static List<Object> pipelined(RedisClient redis, List<Run> runs) {
        List<Response<Object>> responses = new ArrayList<>(runs.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Run run : runs) {
                responses.add(pipeline.evalsha(run.script().sha, run.call().keys(), run.call().args()));
            }
            pipeline.sync();
        }
        List<Object> replies = new ArrayList<>(responses.size());
        for (Response<Object> response : responses) {
            replies.add(response.get());
        }
        return replies;
    }

    private void reload() {
        sha = redis.scriptLoad(source);
    }

    /** Runs the script atomically and returns its reply. */
    public Object run(List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException flushedOrRestarted) {
            reload();
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
