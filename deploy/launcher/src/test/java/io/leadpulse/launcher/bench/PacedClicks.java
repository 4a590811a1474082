package io.leadpulse.launcher.bench;

import io.leadpulse.launcher.GatewayClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customers' clicks at a fixed rate, for the benchmarks that drive the whole pipeline through the gateway, sent by wrk
 * on a schedule (see {@link #click}). Clicks are spread over many links made beforehand, each link clicked at most once
 * every few seconds, with browser user agents and no cookies, so that none looks like a mail scanner's burst or a
 * repeat ({@code ScannerSignals}, the duplicate-click window).
 */
final class PacedClicks {
    /** A click within 2 s of its link's creation is taken for a mail scanner's. */
    static final Duration SCANNER_GRACE = Duration.ofMillis(2_500);

    private PacedClicks() {
    }

    /** What the sender did, as wrk counted it. */
    record Sent(long requests, long failed, Duration took) {
        /** Clicks per second over the whole run, warm-up included (wrk sends at one rate throughout). */
        double achievedRate() {
            return requests / (took.toNanos() / 1e9);
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

    /**
     * Clicks at {@code rate} per second for {@code seconds}, over the links one after the other, sent by wrk (Debian's
     * package) with {@code deploy/bench/paced-clicks.lua}: a load generator in its own process, written in C, so that
     * the benchmark's own sender costs little of the two cores it shares with the pipeline (the JDK's HttpClient
     * needed a third of a core for 1,000 clicks/s). Each wrk thread keeps its own schedule, so a slow answer does not
     * lower the rate; {@code connections} bounds the clicks in flight.
     */
    static Sent click(String base, List<String> codes, int rate, int seconds, int connections) throws Exception {
        Path script = Path.of("deploy/bench/paced-clicks.lua").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("run the benchmark from the repository root (no " + script + ")");
        }
        Path codeFile = Files.createTempFile("lp-bench-codes", ".txt");
        Files.write(codeFile, codes);
        int threads = 1;
        List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "-s", script.toString(), base + "/", "--", codeFile.toString(), String.valueOf(rate), String.valueOf(threads));
        Process wrk;
        try {
            wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the benchmark needs wrk (apt-get install wrk): " + e.getMessage(), e);
        }
        long startNanos = System.nanoTime();
        String report = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + report);
        }
        Files.delete(codeFile);
        return new Sent(count(report, REQUESTS), count(report, NOT_REDIRECTED) + socketErrors(report), took);
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NOT_REDIRECTED = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private static long count(String report, Pattern pattern) {
        Matcher matcher = pattern.matcher(report);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static long socketErrors(String report) {
        Matcher matcher = SOCKET_ERRORS.matcher(report);
        long errors = 0;
        if (matcher.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(matcher.group(group));
            }
        }
        return errors;
    }

    /** The value at {@code quantile} of sorted values. */
    static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(quantile * sorted.size())));
    }
}
