package io.leadpulse.gateway.http;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/** Reads a {@code {name}} from a route template; Undertow's RoutingHandler files them with the query parameters. */
public final class PathParameters {
    private PathParameters() {
    }

    public static String get(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getPathParameters().get(name);
        if (values == null || values.isEmpty()) {
            values = exchange.getQueryParameters().get(name);
        }
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }
}
