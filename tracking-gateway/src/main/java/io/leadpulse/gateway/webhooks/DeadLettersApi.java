package io.leadpulse.gateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonRequest;
import io.leadpulse.gateway.http.JsonResponse;
import io.leadpulse.gateway.http.QueryParameters;
import io.leadpulse.sinks.webhooks.delivery.DeadLetters;
import io.leadpulse.sinks.webhooks.delivery.queue.DeadLetter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code GET /v1/webhooks/dead-letters?limit=} (newest first) and {@code POST /v1/webhooks/dead-letters/replay}
 * with {@code {"ids": [...]}} or {@code {"all": true}}: the deliveries the webhook sink gave up, for a person to see
 * why and send again once the receiver is fixed. {@code leadpulse webhooks ...} is built on these.
 */
public final class DeadLettersApi {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLettersApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    private static final int MAX_REPLAY_IDS = 10_000;
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final RedisClient redis;
    private final Clock clock;
    /** Made on first use: it loads its scripts into Redis, and the gateway starts and redirects while Redis is down. */
    private DeadLetters deadLetters;

    public DeadLettersApi(RedisClient redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    private synchronized DeadLetters deadLetters() {
        if (deadLetters == null) {
            deadLetters = DeadLetters.on(redis, clock);
        }
        return deadLetters;
    }

    public HttpHandler list() {
        return exchange -> exchange.dispatch(() -> list(exchange));
    }

    public HttpHandler replay() {
        return exchange -> JsonRequest.read(exchange, MAX_BODY_BYTES, this::replay);
    }

    private void list(HttpServerExchange exchange) {
        OptionalInt limit = QueryParameters.limit(exchange, DEFAULT_LIMIT, MAX_LIMIT);
        if (limit.isEmpty()) {
            return;
        }
        try {
            ArrayNode body = MAPPER.createArrayNode();
            deadLetters().list(limit.getAsInt()).forEach(letter -> body.add(toJson(letter)));
            JsonResponse.send(exchange, 200, body);
        } catch (JedisException e) {
            LOG.warn("Cannot read webhook dead letters from Redis: {}", e.toString());
            ApiError.unavailable(exchange, "The delivery queue is not reachable; try again shortly.");
        }
    }

    private void replay(HttpServerExchange exchange, JsonNode body) {
        boolean all = body.path("all").asBoolean(false);
        JsonNode ids = body.path("ids");
        boolean onlyKnownFields = body.isObject() && body.size() == (body.has("all") ? 1 : 0) + (body.has("ids") ? 1 : 0);
        if (!onlyKnownFields || all == ids.isArray() || (body.has("all") && !body.get("all").isBoolean())) {
            ApiError.badRequest(exchange, "Send {\"ids\": [\"<dead letter id>\", ...]} or {\"all\": true}.");
            return;
        }
        List<String> chosen = new ArrayList<>();
        if (!all) {
            if (ids.isEmpty() || ids.size() > MAX_REPLAY_IDS) {
                ApiError.badRequest(exchange, "ids must hold 1 to " + MAX_REPLAY_IDS + " dead letter ids.");
                return;
            }
            for (JsonNode id : ids) {
                if (!id.isTextual() || id.asText().isBlank()) {
                    ApiError.badRequest(exchange, "every id must be a dead letter id as listed, a non-empty string.");
                    return;
                }
                chosen.add(id.asText());
            }
        }
        try {
            int replayed = all ? deadLetters().replayAll() : deadLetters().replay(chosen);
            LOG.info("Replayed {} webhook dead letters", replayed);
            ObjectNode answer = MAPPER.createObjectNode().put("replayed", replayed);
            JsonResponse.send(exchange, 200, answer);
        } catch (JedisException e) {
            LOG.warn("Cannot replay webhook dead letters: {}", e.toString());
            ApiError.unavailable(exchange, "The delivery queue is not reachable; try again shortly.");
        }
    }

    private static ObjectNode toJson(DeadLetter letter) {
        return MAPPER.createObjectNode()
                .put("id", letter.id())
                .put("subscriptionId", letter.subscriptionId())
                .put("alertId", letter.alertId())
                .put("alertType", letter.alertType())
                .put("attempts", letter.attempts())
                .put("lastError", letter.lastError())
                .put("deadAt", letter.deadAt() == null ? null : letter.deadAt().toString());
    }
}
