package io.leadpulse.gateway.dwell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol: just what the dwell-script tests need. Headless
 * Chromium has real tabs: the tab in front is visible, the others are hidden, as in a desktop browser.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final Queue<JsonNode> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** One tab: its target (to bring it to the front) and the session that drives it. */
    record Tab(String targetId, String sessionId) {
    }

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static HeadlessChromium start(Path profileDir) throws IOException {
        Process process = new ProcessBuilder(List.of(binary(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-port=0", "--user-data-dir=" + profileDir, "about:blank"))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        String endpoint = null;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("DevTools listening on ")) {
                endpoint = line.substring("DevTools listening on ".length()).trim();
                break;
            }
        }
        if (endpoint == null) {
            process.destroyForcibly();
            throw new IOException("chromium did not open its DevTools endpoint");
        }
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(endpoint), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            self[0].receive(message.toString());
                            message.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        self[0] = new HeadlessChromium(process, socket);
        return self[0];
    }

    /** Sends a DevTools command (to a page when {@code sessionId} is given) and answers its result. */
    JsonNode call(String sessionId, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            command.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        socket.sendText(JSON.writeValueAsString(command), true).join();
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Opens a page in a new tab, which comes to the front (so the tab that was there is hidden), ready to drive. */
    Tab open(String url) throws Exception {
        String targetId = call(null, "Target.createTarget", Map.of("url", url)).get("targetId").asText();
        String sessionId = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true)).get("sessionId").asText();
        call(sessionId, "Page.enable", Map.of()); // for the back/forward cache's reports
        return new Tab(targetId, sessionId);
    }

    /** Brings the tab to the front, as a click on it would: it is visible again, and the one that was in front hidden. */
    void bringToFront(Tab tab) throws Exception {
        call(null, "Target.activateTarget", Map.of("targetId", tab.targetId()));
    }

    void navigate(Tab tab, String url) throws Exception {
        call(tab.sessionId(), "Page.navigate", Map.of("url", url));
    }

    JsonNode evaluate(Tab tab, String expression) throws Exception {
        return call(tab.sessionId(), "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true))
                .path("result").path("value");
    }

    /** The events of this kind the tab has reported so far (e.g. {@code Page.backForwardCacheNotUsed}), as text. */
    String events(Tab tab, String method) {
        return events.stream().filter(e -> method.equals(e.path("method").asText()) && tab.sessionId().equals(e.path("sessionId").asText()))
                .map(e -> e.path("params").toString()).toList().toString();
    }

    private void receive(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = answers.remove(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            } else if (message.has("method")) {
                events.add(message);
            }
        } catch (IOException e) {
            // Not JSON: not ours to answer.
        }
    }

    static boolean isInstalled() {
        return Files.isExecutable(Path.of(binary()));
    }

    private static String binary() {
        return System.getenv().getOrDefault("LP_CHROMIUM", "/usr/bin/chromium");
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
