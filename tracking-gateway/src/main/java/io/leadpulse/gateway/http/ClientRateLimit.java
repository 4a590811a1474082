package io.leadpulse.gateway.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A token bucket per client address: {@code perSecond} requests a second on average, bursts up to {@code burst};
 * beyond that 429 with {@code Retry-After}. Addresses are held in memory only, for a minute after their last request.
 * A rate of 0 turns the limit off.
 */
public final class ClientRateLimit {
    private final double perSecond;
    private final double burst;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(1))
            .executor(Runnable::run) // upkeep on the calling IO thread: no hand-off to the common pool per request
            .build();

    public ClientRateLimit(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    public HttpHandler limit(HttpHandler next) {
        if (perSecond <= 0) {
            return next;
        }
        return exchange -> {
            if (buckets.get(client(exchange), key -> new Bucket(burst)).tryTake(perSecond, burst)) {
                next.handleRequest(exchange);
            } else {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, String.valueOf((long) Math.max(1, Math.ceil(1 / perSecond))));
                ApiError.send(exchange, 429, "too_many_requests", "Too many requests from this address; retry after the delay in Retry-After.");
            }
        };
    }

    private static String client(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null || source.getAddress() == null ? "unknown" : source.getAddress().getHostAddress();
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAtNanos = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }

        synchronized boolean tryTake(double perSecond, double burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAtNanos) / 1e9 * perSecond);
            refilledAtNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
