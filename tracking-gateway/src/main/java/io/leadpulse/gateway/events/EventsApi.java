package io.leadpulse.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonRequest;
import io.leadpulse.gateway.http.JsonResponse;
import io.leadpulse.gateway.publish.EventPublisher;
import io.leadpulse.gateway.publish.SeenRecently;
import io.leadpulse.schemas.Topics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code POST /v1/events}: a batch of up to 1000 lead and activity events. Each item is checked on its own; valid
 * items are published even when others are rejected; an id already taken is accepted again without effect.
 */
public final class EventsApi {
    static final int MAX_EVENTS = 1000;
    static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventPublisher publisher;
    private final Clock clock;
    private final SeenRecently takenIds = new SeenRecently(2_000_000, Duration.ofDays(1));

    public EventsApi(EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    public HttpHandler ingest() {
        return exchange -> JsonRequest.read(exchange, MAX_BODY_BYTES, this::ingest);
    }

    private void ingest(HttpServerExchange exchange, JsonNode body) {
        if (!body.isArray()) {
            ApiError.badRequest(exchange, "The body must be a JSON array of events.");
            return;
        }
        if (body.size() > MAX_EVENTS) {
            ApiError.send(exchange, 413, "too_large", "A batch holds at most " + MAX_EVENTS + " events; this one has " + body.size() + ".");
            return;
        }
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int accepted = 0;
        ArrayNode rejected = MAPPER.createArrayNode();
        for (int index = 0; index < body.size(); index++) {
            IncomingEvent event = IncomingEvent.parse(body.get(index), receivedAt);
            String problem = event.isValid() ? take(event) : event.error();
            if (problem == null) {
                accepted++;
            } else {
                rejected.add(MAPPER.createObjectNode().put("index", index).put("error", problem));
            }
        }
        ObjectNode answer = MAPPER.createObjectNode().put("accepted", accepted);
        answer.set("rejected", rejected);
        JsonResponse.send(exchange, 202, answer);
    }

    /** Publishes a valid event once per id; null when it is taken (now or before), else why not. */
    private String take(IncomingEvent event) {
        String idKey = event.teamId() + "\u0000" + event.id();
        if (!takenIds.firstTime(idKey)) {
            return null;
        }
        if (!publisher.publish(Topics.EVENTS, event.leadId(), event.record())) {
            takenIds.forget(idKey);
            return "the gateway is overloaded; send this event again shortly";
        }
        return null;
    }
}
