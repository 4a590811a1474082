package io.leadpulse.gateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonRequest;
import io.leadpulse.gateway.http.JsonResponse;
import io.leadpulse.gateway.http.PathParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/webhooks} (subscribe), {@code GET /v1/webhooks} (all, oldest first), {@code GET} and
 * {@code DELETE /v1/webhooks/{id}}.
 */
public final class WebhooksApi {
    private static final Logger LOG = LoggerFactory.getLogger(WebhooksApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_BODY_BYTES = 16 * 1024;
    private static final String ID_PREFIX = "wh_";
    /** 128 random bits: ids are not secret, but nobody should guess or enumerate them. */
    private static final int ID_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final Clock clock;

    public WebhooksApi(WebhookStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public HttpHandler create() {
        return exchange -> JsonRequest.read(exchange, MAX_BODY_BYTES, this::create);
    }

    public HttpHandler list() {
        return exchange -> {
            if (isLoading(exchange)) {
                return;
            }
            ArrayNode body = MAPPER.createArrayNode();
            store.oldestFirst().forEach(subscription -> body.add(toJson(subscription)));
            JsonResponse.send(exchange, 200, body);
        };
    }

    public HttpHandler get() {
        return exchange -> {
            if (!isLoading(exchange)) {
                existing(exchange).ifPresent(subscription -> JsonResponse.send(exchange, 200, toJson(subscription)));
            }
        };
    }

    public HttpHandler delete() {
        // Waiting for Kafka's acknowledgement blocks: not on an IO thread.
        return exchange -> exchange.dispatch(() -> {
            if (!isLoading(exchange) && existing(exchange).isPresent()) {
                delete(exchange, PathParameters.get(exchange, "id"));
            }
        });
    }

    private void create(HttpServerExchange exchange, JsonNode body) {
        SubscriptionRequest request = SubscriptionRequest.parse(body);
        if (!request.problems().isEmpty()) {
            ApiError.badRequest(exchange, String.join("; ", request.problems()));
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // what Avro keeps
        try {
            Subscription created = store.create(request.toSubscription(newId(), now));
            exchange.getResponseHeaders().put(Headers.LOCATION, "/v1/webhooks/" + created.id());
            JsonResponse.send(exchange, 201, toJson(created));
        } catch (WebhookStore.NotStored e) {
            LOG.warn("A webhook subscription was not stored: {} ({})", e.getMessage(), String.valueOf(e.getCause()));
            ApiError.unavailable(exchange, "The webhook store is not reachable; try again shortly.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ApiError.unavailable(exchange, "The gateway is stopping.");
        }
    }

    private void delete(HttpServerExchange exchange, String id) {
        try {
            if (store.delete(id)) {
                exchange.setStatusCode(204);
                exchange.endExchange();
            } else {
                notFound(exchange, id);
            }
        } catch (WebhookStore.NotStored e) {
            LOG.warn("Webhook subscription {} was not deleted: {} ({})", id, e.getMessage(), String.valueOf(e.getCause()));
            ApiError.unavailable(exchange, "The webhook store is not reachable; try again shortly.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ApiError.unavailable(exchange, "The gateway is stopping.");
        }
    }

    /** The subscription of the path, or empty after answering 404. */
    private Optional<Subscription> existing(HttpServerExchange exchange) {
        String id = PathParameters.get(exchange, "id");
        Optional<Subscription> subscription = store.get(id);
        if (subscription.isEmpty()) {
            notFound(exchange, id);
        }
        return subscription;
    }

    /** True, after answering 503, while the stored subscriptions are still being loaded. */
    private boolean isLoading(HttpServerExchange exchange) {
        if (store.isCaughtUp()) {
            return false;
        }
        ApiError.unavailable(exchange, "The webhook subscriptions are still being loaded; try again shortly.");
        return true;
    }

    private static void notFound(HttpServerExchange exchange, String id) {
        String shown = id.length() > 64 || id.chars().anyMatch(Character::isISOControl) ? "" : " " + id;
        ApiError.send(exchange, 404, "not_found", "No webhook subscription" + shown + ".");
    }

    private static String newId() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return ID_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static ObjectNode toJson(Subscription subscription) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("id", subscription.id())
                .put("url", subscription.url())
                .put("format", SubscriptionRequest.wireName(subscription.format()));
        subscription.types().forEach(json.putArray("types")::add);
        subscription.teamIds().forEach(json.putArray("teamIds")::add);
        return json.put("secret", subscription.secret())
                .put("createdAt", subscription.createdAt().toString())
                .put("disabled", subscription.disabled())
                .put("disabledReason", subscription.disabledReason());
    }
}
