package io.leadpulse.launcher.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast webhook receiver on loopback for benchmarks: answers 204 at once and keeps, per {@code webhook-id}, when the
 * first delivery arrived (wall clock) and its body, to be read after the run; repeats are only counted.
 */
public final class TimingReceiver implements AutoCloseable {
    /** The first delivery of one webhook-id. */
    public record Arrival(long receivedAtMillis, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();

    public TimingReceiver(int threadCount) throws IOException {
        threads = Executors.newFixedThreadPool(threadCount);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** How many different webhook-ids have arrived. */
    public int distinct() {
        return arrivals.size();
    }

    public long repeats() {
        return repeats.get();
    }

    public Collection<Arrival> arrivals() {
        return arrivals.values();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long at = System.currentTimeMillis();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null && arrivals.putIfAbsent(id, new Arrival(at, body)) != null) {
                repeats.incrementAndGet();
            }
            exchange.sendResponseHeaders(id == null ? 400 : 204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
