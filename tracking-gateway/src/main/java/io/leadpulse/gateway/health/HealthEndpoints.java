package io.leadpulse.gateway.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.gateway.http.JsonResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code /healthz} (the process is alive) and {@code /readyz} (every check passes; 503 with the failing ones otherwise). */
public final class HealthEndpoints {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();

    public void add(ReadinessCheck check) {
        checks.add(check);
    }

    public HttpHandler liveness() {
        return exchange -> JsonResponse.send(exchange, 200, MAPPER.createObjectNode().put("status", "alive"));
    }

    public HttpHandler readiness() {
        return exchange -> exchange.dispatch(() -> answerReadiness(exchange));
    }

    public boolean isReady() {
        return checks.stream().allMatch(ReadinessCheck::isReady);
    }

    private void answerReadiness(HttpServerExchange exchange) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode results = body.putObject("checks");
        boolean ready = true;
        for (ReadinessCheck check : checks) {
            boolean ok = check.isReady();
            results.put(check.name(), ok ? "ready" : "not ready");
            ready &= ok;
        }
        body.put("status", ready ? "ready" : "not ready");
        if (!ready) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        }
        JsonResponse.send(exchange, ready ? 200 : 503, body);
    }
}
