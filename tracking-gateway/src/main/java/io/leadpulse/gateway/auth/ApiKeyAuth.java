package io.leadpulse.gateway.auth;

import io.leadpulse.gateway.http.ApiError;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets a request through only with {@code Authorization: Bearer <api key>}. Only the key's SHA-256 is kept,
 * and it is compared in constant time.
 */
public final class ApiKeyAuth {
    private static final String BEARER = "Bearer ";
    private final byte[] keyHash;

    public ApiKeyAuth(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("the API key must not be empty");
        }
        this.keyHash = sha256(apiKey);
    }

    public HttpHandler protect(HttpHandler next) {
        return exchange -> {
            if (isAuthorized(exchange)) {
                next.handleRequest(exchange);
            } else {
                ApiError.unauthorized(exchange);
            }
        };
    }

    boolean isAuthorized(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(keyHash, sha256(header.substring(BEARER.length()).trim()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
