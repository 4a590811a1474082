package io.leadpulse.launcher.bench;

import io.leadpulse.launcher.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Customers' clicks at a fixed rate, for the benchmarks that drive the whole pipeline through the gateway. The sender
 * is open-loop: click i is due at start + i / rate whatever became of the ones before (several sender threads, none
 * waiting for another's answer). Clicks are spread over many links made beforehand, each link clicked at most once
 * every few seconds, with browser user agents and no cookies, so that none looks like a mail scanner's burst or a
 * repeat ({@code ScannerSignals}, the duplicate-click window).
 */
final class PacedClicks {
    private static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1");
    /** A click within 2 s of its link's creation is taken for a mail scanner's. */
    static final Duration SCANNER_GRACE = Duration.ofMillis(2_500);

    private PacedClicks() {
    }

    /** What the sender did. */
    static final class Sent {
        final AtomicLong failed = new AtomicLong();
        final AtomicLong late = new AtomicLong();
        long startNanos;
        final AtomicLong lastNanos = new AtomicLong();

        /** Clicks per second over the part after the warm-up. */
        double achievedRate(long total, int rate, int warmUpSeconds) {
            long measured = total - (long) rate * warmUpSeconds;
            return measured / ((lastNanos.get() - startNanos) / 1e9 - warmUpSeconds);
        }
    }

    /** {@code count} links for the team (lead L-i, rep r(i mod 50)), made by a few callers at once. */
    static List<String> createLinks(GatewayClient gateway, String team, int count) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = "{\"repId\": \"r" + (i % 50) + "\", \"teamId\": \"" + team + "\", \"leadId\": \"L-" + i
                        + "\", \"targetUrl\": \"https://example.com/outline\", \"title\": \"Course outline\"}";
                created.add(callers.submit(() -> gateway.call("POST", "/v1/links", body, 201).get("code").asText()));
            }
            List<String> codes = new ArrayList<>(count);
            for (Future<String> code : created) {
                codes.add(code.get());
            }
            return codes;
        } finally {
            callers.shutdown();
        }
    }

    /** Click i on link i mod links at start + i / rate, from {@code senders} threads, never waiting for earlier answers. */
    static Sent click(String base, List<String> codes, int rate, long total, int senders) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        Sent sent = new Sent();
        sent.startNanos = System.nanoTime() + Duration.ofMillis(100).toNanos();
        long intervalNanos = 1_000_000_000L / rate;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                done.add(pool.submit(() -> {
                    for (long i = sender; i < total; i += senders) {
                        long due = sent.startNanos + i * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        } else if (wait < -10_000_000) {
                            sent.late.incrementAndGet();
                        }
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/l/" + codes.get((int) (i % codes.size()))))
                                .header("User-Agent", BROWSERS.get((int) (i % BROWSERS.size()))).timeout(Duration.ofSeconds(10)).GET().build();
                        try {
                            if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 302) {
                                sent.failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            sent.failed.incrementAndGet();
                        }
                        sent.lastNanos.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdown();
        }
        return sent;
    }

    /** The value at {@code quantile} of sorted values. */
    static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(quantile * sorted.size())));
    }
}
