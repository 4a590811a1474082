package io.leadpulse.gateway.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonResponse;
import io.leadpulse.gateway.http.QueryParameters;
import io.leadpulse.schemas.RedisKeys;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code GET /v1/alerts?teamId=&repId=&limit=}: the newest alerts first, read from Redis (a rep's feed, a team's
 * feed, or, with neither, the alert stream).
 */
public final class AlertsApi {
    private static final Logger LOG = LoggerFactory.getLogger(AlertsApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final RedisClient redis;

    /** @param redis the gateway's Redis client; it stays the gateway's to close */
    public AlertsApi(RedisClient redis) {
        this.redis = redis;
    }

    public HttpHandler list() {
        return exchange -> exchange.dispatch(() -> list(exchange));
    }

    private void list(HttpServerExchange exchange) {
        String teamId = QueryParameters.text(exchange, "teamId");
        String repId = QueryParameters.text(exchange, "repId");
        OptionalInt limit = QueryParameters.limit(exchange, DEFAULT_LIMIT, MAX_LIMIT);
        if (limit.isEmpty()) {
            return;
        }
        try {
            List<String> alerts = newest(teamId, repId, limit.getAsInt());
            ArrayNode body = MAPPER.createArrayNode();
            for (String json : alerts) {
                JsonNode alert = MAPPER.readTree(json);
                if (teamId == null || teamId.equals(alert.path("teamId").asText())) {
                    body.add(alert);
                }
            }
            JsonResponse.send(exchange, 200, body);
        } catch (JedisException | IOException e) {
            LOG.warn("Cannot read alerts from Redis: {}", e.toString());
            ApiError.unavailable(exchange, "The alert store is not reachable; try again shortly.");
        }
    }

    private List<String> newest(String teamId, String repId, int limit) {
        if (repId == null && teamId == null) {
            return redis.xrevrange(RedisKeys.ALERT_STREAM, "+", "-", limit).stream()
                    .map(entry -> entry.getFields().get("alert")).filter(Objects::nonNull).toList();
        }
        String feed = repId != null ? RedisKeys.repFeed(repId) : RedisKeys.teamFeed(teamId);
        List<String> ids = redis.zrevrange(feed, 0, limit - 1);
        if (ids.isEmpty()) {
            return List.of();
        }
        return redis.mget(ids.stream().map(RedisKeys::alert).toArray(String[]::new)).stream()
                .filter(Objects::nonNull).toList();
    }
}
