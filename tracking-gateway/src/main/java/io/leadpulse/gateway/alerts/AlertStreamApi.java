package io.leadpulse.gateway.alerts;

import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.QueryParameters;
import io.leadpulse.gateway.rules.TeamIds;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.HttpString;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xnio.IoUtils;
import redis.clients.jedis.StreamEntryID;

/**
 * {@code GET /v1/alerts/stream?teamId=}: alerts as server-sent events, each with its Redis stream entry id as event id.
 * A client resumes with {@code Last-Event-ID} (or {@code ?lastEventId=} where it cannot set headers) and gets every
 * alert after that one, then the live ones; without, it gets new alerts only. Everything that can be refused is
 * refused before the event stream starts, while a JSON error can still be answered.
 */
public final class AlertStreamApi {
    /** Comments this often keep proxies and load balancers from closing a quiet stream (the SSE specification's advice). */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How long a browser's EventSource waits before it reconnects. */
    static final Duration RECONNECT = Duration.ofSeconds(2);
    /** How long a new client waits for a reader that is (re)connecting to Redis before it gets a 503. */
    static final Duration PATIENCE = Duration.ofSeconds(2);
    private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");
    private static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

    private final AlertStream stream;

    public AlertStreamApi(AlertStream stream) {
        this.stream = stream;
    }

    public HttpHandler subscribe() {
        return exchange -> {
            String teamId = QueryParameters.text(exchange, "teamId");
            if (teamId != null) {
                Optional<String> problem = TeamIds.problemWith(teamId, "teamId");
                if (problem.isPresent()) {
                    ApiError.badRequest(exchange, problem.get());
                    return;
                }
            }
            String lastEventId = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
            if (lastEventId == null || lastEventId.isBlank()) {
                lastEventId = QueryParameters.text(exchange, "lastEventId");
            }
            StreamEntryID lastEvent = null;
            if (lastEventId != null && !lastEventId.isBlank()) {
                lastEvent = entryId(lastEventId.trim());
                if (lastEvent == null) {
                    ApiError.badRequest(exchange, "Last-Event-ID (or lastEventId) must be the id of an event of this stream,"
                            + " such as 1767225600000-0");
                    return;
                }
            }
            StreamEntryID resumeAfter = lastEvent;
            if (stream.isFollowing()) {
                start(exchange, teamId, resumeAfter);
                return;
            }
            // Just started, or Redis just came back: the reader may be a moment from following again.
            exchange.dispatch(() -> {
                try {
                    if (stream.awaitFollowing(PATIENCE)) {
                        start(exchange, teamId, resumeAfter);
                    } else {
                        ApiError.unavailable(exchange, "The alert store is not reachable; try again shortly.");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ApiError.unavailable(exchange, "The gateway is stopping.");
                }
            });
        };
    }

    private void start(HttpServerExchange exchange, String teamId, StreamEntryID resumeAfter) {
        // A handler per request: the client needs this exchange's IO thread, the only one that may close it.
        ServerSentEventHandler events = new ServerSentEventHandler((connection, ignoredLastEventId) -> stream.connect(
                connection, exchange.getIoThread(), teamId, resumeAfter, HEARTBEAT, RECONNECT));
        try {
            events.handleRequest(exchange);
        } catch (Exception e) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    /** The stream entry id, or null when this is not one. */
    private static StreamEntryID entryId(String text) {
        if (!ENTRY_ID.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("-");
        try {
            return new StreamEntryID(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }
}
