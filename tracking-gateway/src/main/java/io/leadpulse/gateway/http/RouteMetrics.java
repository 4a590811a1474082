package io.leadpulse.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;

/** Wraps a route so each request is counted and timed per route, method and status. */
public final class RouteMetrics {
    private final MeterRegistry registry;

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public HttpHandler timed(String route, HttpHandler next) {
        return exchange -> {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                Timer.builder("lp_http_server_requests")
                        .description("HTTP requests answered by the gateway")
                        .tag("route", route)
                        .tag("method", ex.getRequestMethod().toString())
                        .tag("status", String.valueOf(ex.getStatusCode()))
                        .publishPercentileHistogram()
                        .register(registry)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                nextListener.proceed();
            });
            next.handleRequest(exchange);
        };
    }
}
