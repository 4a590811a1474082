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
    /** Timers by route, method and status: looked up once, not built again on every request. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public HttpHandler timed(String route, HttpHandler next) {
        return exchange -> {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                String method = ex.getRequestMethod().toString();
                int status = ex.getStatusCode();
                timers.computeIfAbsent(route + ' ' + method + ' ' + status, key -> Timer.builder("lp_http_server_requests")
                                .description("HTTP requests answered by the gateway")
                                .tag("route", route)
                                .tag("method", method)
                                .tag("status", String.valueOf(status))
                                .publishPercentileHistogram()
                                .register(registry))
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                nextListener.proceed();
            });
            next.handleRequest(exchange);
        };
    }
}
