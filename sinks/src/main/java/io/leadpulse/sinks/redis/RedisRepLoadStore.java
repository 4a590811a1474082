package io.leadpulse.sinks.redis;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.v1.RepLoad;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * Writes each rep's live load to Redis per contract section 4 (the hash {@code lp:rep:{repId}:load} and the
 * rep's score in {@code lp:team:{teamId}:load}) with one atomic script, guarded by {@code updatedAt} so that
 * loads replayed after a restart never overwrite newer ones; and reads a rep's load back.
 */
public final class RedisRepLoadStore implements AutoCloseable {
    private static final Long STORED = 1L;
    private static final String TEAM_MARK = "\u0000";
    private static final String TEAM_LOAD_KEY_PREFIX;
    private static final String TEAM_LOAD_KEY_SUFFIX;

    static {
        // The script builds the old team's ranking key itself; it gets the spelling from RedisKeys.
        String template = RedisKeys.teamLoad(TEAM_MARK);
        int at = template.indexOf(TEAM_MARK);
        TEAM_LOAD_KEY_PREFIX = template.substring(0, at);
        TEAM_LOAD_KEY_SUFFIX = template.substring(at + TEAM_MARK.length());
    }

    private final RedisClient redis;
    private final RedisScript script;

    public RedisRepLoadStore(String redisUrl) {
        this.redis = RedisClient.create(redisUrl);
        this.script = new RedisScript(redis, "store-rep-load.lua");
    }

    /**
     * Stores the load and moves the rep from its old team's ranking when its team changed. False when Redis
     * already holds a newer load of the rep (nothing was changed then); a load as new as the stored one is
     * written again.
     *
     * @throws IllegalArgumentException when {@code loadPct} is not a finite number (Redis cannot rank NaN)
     */
    public boolean store(RepLoad load) {
        return STORED.equals(script.run(call(load)));
    }

    /** Stores the loads prepared by {@link #call} in one round trip, in order; returns how many were written. */
    public int storeAll(List<RedisScript.Call> calls) {
        return (int) script.runAll(calls).stream().filter(STORED::equals).count();
    }

    /**
     * What storing the load takes, prepared now: the load itself may be reused by the caller afterwards.
     *
     * @throws IllegalArgumentException when {@code loadPct} is not a finite number (Redis cannot rank NaN)
     */
    public RedisScript.Call call(RepLoad load) {
        String loadPct = decimal(load.getLoadPct());
        List<String> keys = List.of(RedisKeys.repLoad(load.getRepId()), RedisKeys.teamLoad(load.getTeamId()));
        List<String> args = List.of(
                load.getRepId(),
                load.getTeamId(),
                String.valueOf(load.getOpenLeads()),
                String.valueOf(load.getAwaitingFirstResponse()),
                String.valueOf(load.getFollowUps3d()),
                String.valueOf(load.getAssigned24h()),
                String.valueOf(load.getCapacity()),
                loadPct,
                String.valueOf(load.getUpdatedAt().toEpochMilli()),
                TEAM_LOAD_KEY_PREFIX,
                TEAM_LOAD_KEY_SUFFIX);
        return new RedisScript.Call(keys, args);
    }

    /** The rep's stored load, or empty when none was stored. */
    public Optional<RepLoad> read(String repId) {
        Map<String, String> hash = redis.hgetAll(RedisKeys.repLoad(repId));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RepLoad.newBuilder()
                .setRepId(repId)
                .setTeamId(hash.get("teamId"))
                .setOpenLeads(Integer.parseInt(hash.get("openLeads")))
                .setAwaitingFirstResponse(Integer.parseInt(hash.get("awaitingFirstResponse")))
                .setFollowUps3d(Integer.parseInt(hash.get("followUps3d")))
                .setAssigned24h(Integer.parseInt(hash.get("assigned24h")))
                .setCapacity(Integer.parseInt(hash.get("capacity")))
                .setLoadPct(Double.parseDouble(hash.get("loadPct")))
                .setUpdatedAt(Instant.ofEpochMilli(Long.parseLong(hash.get("updatedAt"))))
                .build());
    }

    /** Whether Redis answers. */
    public boolean ping() {
        return "PONG".equals(redis.ping());
    }

    @Override
    public void close() {
        redis.close();
    }

    /** The shortest plain decimal that reads back as the same double ({@code 37.5}, {@code 100}), never 1.0E-4. */
    static String decimal(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("loadPct must be a finite number, not " + value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
