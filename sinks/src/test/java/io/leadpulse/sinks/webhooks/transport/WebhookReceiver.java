package io.leadpulse.sinks.webhooks.transport;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber's endpoint for tests: a real HTTP server on every local address (IPv4 and IPv6), on an ephemeral
 * port, that records each request and answers as told.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as the receiver saw it. */
    record Received(String method, String pathAndQuery, Headers headers, byte[] body, int clientPort) {
    }

    /** How the receiver answers. */
    interface Answer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicInteger bytesTrickled = new AtomicInteger();
    private volatile Answer answer = respond(204, Map.of(), new byte[0]);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getPort()));
                answer.answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** How many body bytes a {@link #trickle()} answer got onto the wire. */
    int bytesTrickled() {
        return bytesTrickled.get();
    }

    void answerWith(Answer answer) {
        this.answer = answer;
    }

    static Answer respond(int status, Map<String, String> headers, byte[] body) {
        return exchange -> {
            headers.forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    /** Never answers (until the receiver closes). */
    Answer silence() {
        return exchange -> stopping.await();
    }

    /** Sends the status line and headers at once, then a byte of a long body every 100 ms. */
    Answer trickle() {
        return exchange -> {
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream out = exchange.getResponseBody();
            while (!stopping.await(100, TimeUnit.MILLISECONDS)) {
                out.write('x');
                out.flush();
                bytesTrickled.incrementAndGet();
            }
        };
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
