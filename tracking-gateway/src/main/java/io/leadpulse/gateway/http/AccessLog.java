package io.leadpulse.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.gateway.network.ClientNetworks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on the {@code leadpulse.access} logger: time, method, path (no query), status, bytes,
 * duration, user agent and the client's network (/24 or /48, never the address). Lines are written by a background
 * thread; when it falls behind, lines are dropped and counted rather than slowing requests down.
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger ACCESS = LoggerFactory.getLogger("leadpulse.access");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_USER_AGENT = 200;

    private final BlockingQueue<ObjectNode> lines = new ArrayBlockingQueue<>(10_000);
    private final Counter dropped;
    private final Clock clock;
    private final Thread writer;
    private volatile boolean running = true;

    public AccessLog(MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        this.dropped = Counter.builder("lp_gateway_access_log_dropped")
                .description("Access log lines dropped because the writer fell behind").register(metrics);
        this.writer = new Thread(this::write, "lp-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Wraps the whole routing table; when the access logger is off, requests pay nothing. */
    public HttpHandler around(HttpHandler next) {
        if (!ACCESS.isInfoEnabled()) {
            return next;
        }
        return exchange -> {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                if (!lines.offer(line(ex, start))) {
                    dropped.increment();
                }
                nextListener.proceed();
            });
            next.handleRequest(exchange);
        };
    }

    private ObjectNode line(HttpServerExchange exchange, long startNanos) {
        String userAgent = exchange.getRequestHeaders().getFirst(Headers.USER_AGENT);
        ObjectNode line = MAPPER.createObjectNode()
                .put("time", clock.instant().toString())
                .put("method", exchange.getRequestMethod().toString())
                .put("path", exchange.getRequestPath())
                .put("status", exchange.getStatusCode())
                .put("bytes", exchange.getResponseBytesSent())
                .put("micros", (System.nanoTime() - startNanos) / 1_000)
                .put("network", ClientNetworks.truncate(exchange.getSourceAddress()));
        line.put("userAgent", userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT));
        return line;
    }

    private void write() {
        while (running || !lines.isEmpty()) {
            try {
                ObjectNode line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && ACCESS.isInfoEnabled()) {
                    ACCESS.info(MAPPER.writeValueAsString(line));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (JsonProcessingException e) {
                dropped.increment();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
