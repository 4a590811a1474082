package io.leadpulse.gateway.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonResponse;
import io.leadpulse.gateway.http.PathParameters;
import io.leadpulse.gateway.rules.TeamIds;
import io.leadpulse.schemas.RedisKeys;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code GET /v1/reps/{repId}/load}: a rep's live load as the Redis sink keeps it (contract section 4), with the
 * hash's fields as JSON numbers.
 */
public final class RepLoadApi {
    private static final Logger LOG = LoggerFactory.getLogger(RepLoadApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final List<String> COUNTS = List.of("openLeads", "awaitingFirstResponse", "followUps3d", "assigned24h", "capacity");

    private final RedisClient redis;

    public RepLoadApi(RedisClient redis) {
        this.redis = redis;
    }

    public HttpHandler get() {
        return exchange -> exchange.dispatch(() -> get(exchange));
    }

    private void get(HttpServerExchange exchange) {
        String repId = PathParameters.get(exchange, "repId");
        var problem = TeamIds.problemWith(repId, "the rep id in the path");
        if (problem.isPresent()) {
            ApiError.badRequest(exchange, problem.get());
            return;
        }
        Map<String, String> hash;
        try {
            hash = redis.hgetAll(RedisKeys.repLoad(repId));
        } catch (JedisException e) {
            LOG.warn("Cannot read the load of rep {} from Redis: {}", repId, e.toString());
            ApiError.unavailable(exchange, "The load store is not reachable; try again shortly.");
            return;
        }
        if (hash.isEmpty()) {
            ApiError.send(exchange, 404, "not_found", "No load is known for rep " + repId + " yet.");
            return;
        }
        ObjectNode load = MAPPER.createObjectNode().put("repId", repId).put("teamId", hash.get("teamId"));
        COUNTS.forEach(field -> putNumber(load, field, hash.get(field), repId));
        putNumber(load, "loadPct", hash.get("loadPct"), repId);
        putNumber(load, "updatedAt", hash.get("updatedAt"), repId);
        JsonResponse.send(exchange, 200, load);
    }

    /** The sink writes plain decimals; one that is missing or unreadable is answered as null rather than guessed. */
    private static void putNumber(ObjectNode load, String field, String stored, String repId) {
        try {
            BigDecimal number = new BigDecimal(stored == null ? "" : stored);
            if (number.scale() <= 0) {
                load.put(field, number.longValueExact());
            } else {
                load.put(field, number.doubleValue());
            }
        } catch (NumberFormatException | ArithmeticException unreadable) {
            LOG.warn("The load of rep {} has no readable {}: {}", repId, field, stored);
            load.putNull(field);
        }
    }
}
