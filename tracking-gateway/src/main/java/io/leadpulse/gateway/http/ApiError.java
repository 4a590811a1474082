package io.leadpulse.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** The contract's error body, {@code {"error": "<code>", "message": "<for a person>"}}, with its status. */
public final class ApiError {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiError() {
    }

    public static void send(HttpServerExchange exchange, int status, String code, String message) {
        ObjectNode body = MAPPER.createObjectNode().put("error", code).put("message", message);
        JsonResponse.send(exchange, status, body);
    }

    public static void badRequest(HttpServerExchange exchange, String message) {
        send(exchange, 400, "invalid", message);
    }

    public static void notFound(HttpServerExchange exchange) {
        send(exchange, 404, "not_found", "No such resource: " + exchange.getRequestPath());
    }

    public static void methodNotAllowed(HttpServerExchange exchange) {
        send(exchange, 405, "method_not_allowed", exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath());
    }

    public static void unauthorized(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        send(exchange, 401, "unauthorized", "Send the API key as 'Authorization: Bearer <key>'.");
    }

    public static void unavailable(HttpServerExchange exchange, String message) {
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
        send(exchange, 503, "unavailable", message);
    }
}
