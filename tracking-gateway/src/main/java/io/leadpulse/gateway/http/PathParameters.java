package io.leadpulse.gateway.http;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/**
 * Reads a {@code {name}} from a route template. Undertow's {@code RoutingHandler} (and {@link HotRoute}) file it with
 * the query parameters, after those the request itself carries: the last value is the path's, so that
 * {@code /l/A?code=B} is the link A (a client's own {@code ?code=} or {@code ;code=} never stands in for the path).
 */
public final class PathParameters {
    private PathParameters() {
    }

    public static String get(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.peekLast();
    }
}
