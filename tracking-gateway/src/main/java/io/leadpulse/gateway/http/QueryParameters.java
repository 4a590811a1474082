package io.leadpulse.gateway.http;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.OptionalInt;

/** Reads the query parameters the API's list endpoints share. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /** The first value of the parameter, or null when it is absent or blank. */
    public static String text(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst();
    }

    /**
     * {@code limit}: the default when absent or blank, otherwise a whole number from 1 to {@code most}; empty when it is
     * anything else, after answering 400 with a message that says what is allowed.
     */
    public static OptionalInt limit(HttpServerExchange exchange, int byDefault, int most) {
        String raw = text(exchange, "limit");
        if (raw == null) {
            return OptionalInt.of(byDefault);
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= most) {
                return OptionalInt.of(limit);
            }
        } catch (NumberFormatException e) {
            // answered below, as any other value out of range
        }
        ApiError.badRequest(exchange, "limit must be a whole number from 1 to " + most + ".");
        return OptionalInt.empty();
    }
}
