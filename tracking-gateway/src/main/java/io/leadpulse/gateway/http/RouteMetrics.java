package io.leadpulse.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Wraps a route so each request is counted and timed per route, method and status. */
public final class RouteMetrics {
    private final MeterRegistry registry;

    /**
     * A route's timers are found by these, without building a name on every request. The method as the client spelled
     * it (Undertow hands out one string per known method), as the {@code method} tag has always been.
     */
    private record MethodAndStatus(String method, int status) {
    }

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public HttpHandler timed(String route, HttpHandler next) {
        Map<MethodAndStatus, Timer> timers = new ConcurrentHashMap<>();
        return exchange -> {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                MethodAndStatus key = new MethodAndStatus(ex.getRequestMethod().toString(), ex.getStatusCode());
                Timer timer = timers.get(key);
                if (timer == null) {
                    timer = timers.computeIfAbsent(key, k -> register(route, k));
                }
                timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                nextListener.proceed();
            });
            next.handleRequest(exchange);
        };
    }

    /** The registry keeps one timer per name and tags, so two routes wrapped apart still share theirs. */
    private Timer register(String route, MethodAndStatus key) {
        return Timer.builder("lp_http_server_requests")
                .description("HTTP requests answered by the gateway")
                .tag("route", route)
                .tag("method", key.method())
                .tag("status", String.valueOf(key.status()))
                .publishPercentileHistogram()
                .register(registry);
    }
}
