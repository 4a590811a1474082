package io.leadpulse.gateway.dwell;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonRequest;
import io.leadpulse.gateway.links.Link;
import io.leadpulse.gateway.links.LinkRegistry;
import io.leadpulse.gateway.publish.EventPublisher;
import io.leadpulse.gateway.redirect.ClickIds;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code POST /v1/beacon} (no auth): visible reading time {@code {"c": clickId, "v": ms, "s": sequence}} from t.js.
 * Only click ids this gateway signed are taken; a repeated {@code (c, s)} counts once; {@code v} is capped. Handled on
 * the IO thread: the body is small and nothing here waits.
 */
public final class BeaconApi {
    /** t.js beats every 15 s while visible; more than this in one beacon is not reading time. */
    static final long MAX_VISIBLE_MILLIS = Duration.ofMinutes(2).toMillis();
    static final long MAX_SEQUENCE = 1_000_000;
    private static final long MAX_BODY_BYTES = 4 * 1024;
    private static final List<String> MEDIA_TYPES = List.of("text/plain", JsonRequest.APPLICATION_JSON);

    private final LinkRegistry links;
    private final EventPublisher publisher;
    private final ClickIds clickIds;
    private final Clock clock;
    private final SeenBeacons seen = new SeenBeacons(1_000_000, Duration.ofHours(6));

    public BeaconApi(LinkRegistry links, EventPublisher publisher, ClickIds clickIds, Clock clock) {
        this.links = links;
        this.publisher = publisher;
        this.clickIds = clickIds;
        this.clock = clock;
    }

    public HttpHandler receive() {
        return exchange -> {
            allowAnyOrigin(exchange);
            JsonRequest.readOnIoThread(exchange, MAX_BODY_BYTES, MEDIA_TYPES, this::receive);
        };
    }

    /** The CORS preflight a browser sends before a beacon with {@code Content-Type: application/json}. */
    public HttpHandler preflight() {
        return exchange -> {
            allowAnyOrigin(exchange);
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Methods"), "POST");
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Headers"), "Content-Type");
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Max-Age"), "86400");
            exchange.setStatusCode(204);
            exchange.endExchange();
        };
    }

    private void receive(HttpServerExchange exchange, JsonNode body) {
        if (!body.isObject()) {
            ApiError.badRequest(exchange, "A beacon is a JSON object {\"c\": clickId, \"v\": visibleMs, \"s\": sequence}.");
            return;
        }
        JsonNode c = body.get("c");
        JsonNode v = body.get("v");
        JsonNode s = body.get("s");
        if (c == null || !c.isTextual() || !clickIds.isGenuine(c.textValue())) {
            ApiError.badRequest(exchange, "c is not a click id this gateway issued.");
            return;
        }
        if (v == null || !v.isNumber() || v.asDouble() < 0 || !Double.isFinite(v.asDouble())) {
            ApiError.badRequest(exchange, "v must be a number of milliseconds, 0 or more.");
            return;
        }
        if (s == null || !s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() < 0 || s.asLong() > MAX_SEQUENCE) {
            ApiError.badRequest(exchange, "s must be a whole number from 0 to " + MAX_SEQUENCE + ".");
            return;
        }
        String clickId = c.textValue();
        Link link = links.find(ClickIds.codeOf(clickId)).orElse(null);
        if (link == null) {
            ApiError.badRequest(exchange, "c belongs to a link that no longer exists.");
            return;
        }
        long sequence = s.asLong();
        if (seen.firstTime(clickId, sequence) && !publisher.publish(Topics.BEACONS, link.eventKey(), DwellBeacon.newBuilder()
                .setClickId(clickId).setCode(link.code()).setTeamId(link.teamId()).setRepId(link.repId())
                .setLeadId(link.leadId()).setContentId(link.contentId()).setTitle(link.title()).setSequence(sequence)
                .setVisibleMillis(Math.min((long) v.asDouble(), MAX_VISIBLE_MILLIS))
                .setOccurredAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .build())) {
            seen.forget(clickId, sequence);
            ApiError.unavailable(exchange, "The gateway is overloaded; send this beacon again shortly.");
            return;
        }
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    private static void allowAnyOrigin(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Origin"), "*");
    }
}
