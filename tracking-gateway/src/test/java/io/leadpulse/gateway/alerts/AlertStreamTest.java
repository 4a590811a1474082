package io.leadpulse.gateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.gateway.TrackingGateway;
import io.leadpulse.gateway.alerts.EventStreamClient.Comment;
import io.leadpulse.gateway.alerts.EventStreamClient.End;
import io.leadpulse.gateway.alerts.EventStreamClient.Event;
import io.leadpulse.gateway.alerts.EventStreamClient.Received;
import io.leadpulse.schemas.RedisKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * {@code GET /v1/alerts/stream} on a real gateway, with alerts written into a real Redis stream the way the Redis sink
 * writes them ({@code XADD lp:alerts * alert <json>}), read by a real HTTP client.
 */
class AlertStreamTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();
    private static final AtomicInteger ALERT_NUMBERS = new AtomicInteger();
    private static RedisClient redis;

    @BeforeAll
    static void connect() {
        redis = RedisClient.create(gateway.redisUrl());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Test
    void newAlertsArriveLiveEachWithItsStreamIdAndOnlyTheAskedTeamsWhenFiltered() throws IOException {
        try (EventStreamClient everything = open("", Map.of());
             EventStreamClient teamA = open("?teamId=t-a", Map.of())) {
            assertThat(everything.response().statusCode()).isEqualTo(200);
            assertThat(everything.response().headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            everything.awaitConnected();
            teamA.awaitConnected();

            String first = addAlert("t-a", 0);
            String second = addAlert("t-b", 0);
            String third = addAlert("t-a", 0);

            List<Event> all = everything.events(3, Duration.ofSeconds(5));
            assertThat(all).extracting(Event::id).containsExactly(first, second, third);
            JsonNode alert = RunningGateway.JSON.readTree(all.get(1).data());
            assertThat(alert.get("teamId").asText()).isEqualTo("t-b");
            assertThat(alert.get("type").asText()).isEqualTo("lead.deep_read");
            assertThat(teamA.events(2, Duration.ofSeconds(5))).extracting(Event::id).containsExactly(first, third);
            assertThat(teamA.eventsWithin(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void withoutALastEventIdOnlyAlertsWrittenAfterConnectingArrive() {
        String before;
        try (EventStreamClient watcher = open("?teamId=t-new", Map.of())) {
            watcher.awaitConnected();
            before = addAlert("t-new", 0);
            assertThat(watcher.events(1, Duration.ofSeconds(5))).extracting(Event::id).containsExactly(before); // handed out
        }
        try (EventStreamClient client = open("?teamId=t-new", Map.of())) {
            client.awaitConnected();
            String after = addAlert("t-new", 0);

            List<Event> events = client.events(1, Duration.ofSeconds(5));

            assertThat(events).extracting(Event::id).containsExactly(after).doesNotContain(before);
            assertThat(client.eventsWithin(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheMissedAlertsInOrderThenTheLiveOnes() throws Exception {
        String lastSeen;
        try (EventStreamClient client = open("?teamId=t-resume", Map.of())) {
            client.awaitConnected();
            addAlert("t-resume", 0);
            addAlert("t-resume", 0);
            lastSeen = addAlert("t-resume", 0);
            assertThat(client.events(3, Duration.ofSeconds(5)).get(2).id()).isEqualTo(lastSeen);
        }
        // More than two catch-up pages are missed, some of other teams, and alerts keep coming while it reconnects.
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            String id = addAlert(i % 5 == 0 ? "t-other" : "t-resume", 0);
            if (i % 5 != 0) {
                expected.add(id);
            }
        }
        List<String> whileReconnecting = new ArrayList<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 300; i++) {
                whileReconnecting.add(addAlert("t-resume", 0));
            }
        });

        try (EventStreamClient resumed = open("?teamId=t-resume", Map.of("Last-Event-ID", lastSeen))) {
            writer.get();
            expected.addAll(whileReconnecting);

            List<Event> events = resumed.events(expected.size(), Duration.ofSeconds(20));

            assertThat(events).extracting(Event::id).containsExactlyElementsOf(expected);
            assertThat(resumed.eventsWithin(Duration.ofMillis(500))).isEmpty();
            String live = addAlert("t-resume", 0);
            assertThat(resumed.events(1, Duration.ofSeconds(5))).extracting(Event::id).containsExactly(live);
        }
    }

    @Test
    void clientsThatCannotSetHeadersResumeWithTheLastEventIdParameter() {
        String seen = addAlert("t-query", 0);
        String missed1 = addAlert("t-query", 0);
        String missed2 = addAlert("t-query", 0);

        try (EventStreamClient client = open("?teamId=t-query&lastEventId=" + seen, Map.of())) {
            assertThat(client.events(2, Duration.ofSeconds(5))).extracting(Event::id).containsExactly(missed1, missed2);
            String live = addAlert("t-query", 0);
            assertThat(client.events(1, Duration.ofSeconds(5))).extracting(Event::id).containsExactly(live);
        }
    }

    @Test
    void aQuietStreamGetsAHeartbeatComment() {
        try (EventStreamClient client = open("?teamId=t-quiet", Map.of())) {
            client.awaitConnected();
            long start = System.nanoTime();

            Received next = client.next(AlertStreamApi.HEARTBEAT.plusSeconds(5));

            assertThat(next).isInstanceOf(Comment.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(AlertStreamApi.HEARTBEAT.minusSeconds(2),
                    AlertStreamApi.HEARTBEAT.plusSeconds(5));
        }
    }

    @Test
    void aClientTooSlowToKeepUpIsDisconnectedWhileOthersGetEveryAlert() throws Exception {
        String padding = "x".repeat(8 * 1024);
        try (EventStreamClient fast = open("?teamId=t-flood", Map.of()); Socket slow = new Socket()) {
            fast.awaitConnected();
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("localhost", Integer.parseInt(gateway.base().replaceAll(".*:", ""))));
            OutputStream request = slow.getOutputStream();
            request.write(("GET /v1/alerts/stream?teamId=t-flood HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + RunningGateway.API_KEY + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            Thread.sleep(500); // the slow client is registered; it now reads nothing at all

            int written = 0;
            for (int round = 0; round < 30; round++) {
                for (int i = 0; i < 100; i++) {
                    addAlert("t-flood", padding.length());
                }
                written += 100;
                assertThat(fast.events(100, Duration.ofSeconds(20))).hasSize(100);
            }

            assertThat(metric("lp_gateway_alert_stream_slow_clients_disconnected_total")).isGreaterThanOrEqualTo(1);
            assertThat(readUntilClosed(slow)).as("bytes the slow client got before it was cut off")
                    .isLessThan((long) written * padding.length());
        }
    }

    @Test
    void closingTheGatewayEndsItsStreamsPromptly() {
        TrackingGateway other = gateway.startAnotherInstance();
        try (EventStreamClient client = EventStreamClient.open("http://localhost:" + other.port() + "/v1/alerts/stream",
                Map.of("Authorization", "Bearer " + RunningGateway.API_KEY))) {
            client.awaitConnected();
            long start = System.nanoTime();

            other.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            Received next;
            do {
                next = client.next(Duration.ofSeconds(5));
            } while (next instanceof Comment);
            assertThat(next).isInstanceOf(End.class);
        }
    }

    @Test
    void badParametersAre400AndTheStreamNeedsTheApiKey() {
        assertError(gateway.send(gateway.authorized("/v1/alerts/stream").header("Last-Event-ID", "yesterday").GET()), 400, "Last-Event-ID");
        assertError(gateway.send(gateway.authorized("/v1/alerts/stream?lastEventId=1-2-3").GET()), 400, "such as");
        assertError(gateway.send(gateway.authorized("/v1/alerts/stream?lastEventId=99999999999999999999-0").GET()), 400, "Last-Event-ID");
        assertError(gateway.send(gateway.authorized("/v1/alerts/stream?teamId=t%0A1").GET()), 400, "teamId must not contain control characters");
        assertError(gateway.send(gateway.request("/v1/alerts/stream").GET()), 401, "API key");
        assertError(gateway.send(gateway.request("/v1/alerts/stream").header("Authorization", "Bearer wrong").GET()), 401, "API key");
    }

    @Test
    void anUnreachableRedisIs503BeforeTheStreamStarts() {
        try (TrackingGateway withoutRedis = gateway.startAnotherInstance("redis://127.0.0.1:1")) {
            try (EventStreamClient client = EventStreamClient.open("http://localhost:" + withoutRedis.port() + "/v1/alerts/stream",
                    Map.of("Authorization", "Bearer " + RunningGateway.API_KEY))) {
                assertThat(client.response().statusCode()).isEqualTo(503);
                assertThat(client.response().headers().firstValue("Content-Type")).hasValue("application/json");
            }
        }
    }

    /** Writes an alert to the stream as the Redis sink does; answers its entry id. */
    private static String addAlert(String teamId, int messageLength) {
        String id = "a-" + ALERT_NUMBERS.incrementAndGet();
        String json = RunningGateway.JSON.createObjectNode()
                .put("id", id).put("type", "lead.deep_read").put("teamId", teamId).put("repId", "r7").put("leadId", "L-1")
                .put("occurredAt", "2026-11-22T09:31:40Z").put("detectedAt", "2026-11-22T09:31:40.120Z")
                .put("message", messageLength == 0 ? "L-1 has read 'Course outline' for 92 s" : "m".repeat(messageLength))
                .toString();
        StreamEntryID entry = redis.xadd(RedisKeys.ALERT_STREAM, StreamEntryID.NEW_ENTRY, Map.of("alert", json));
        return entry.toString();
    }

    private static EventStreamClient open(String query, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + RunningGateway.API_KEY);
        return EventStreamClient.open(gateway.base() + "/v1/alerts/stream" + query, all);
    }

    /** Reads what the server sent until it closed the connection; fails if it is still open after 20 s. */
    private static long readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the slow client was not disconnected (read " + total + " bytes)");
        } catch (SocketException reset) {
            // Closed with data still unread: disconnected all the same.
        }
        return total;
    }

    private static double metric(String name) {
        return gateway.send(gateway.request("/metrics").GET()).body().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static void assertError(java.net.http.HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(RunningGateway.json(response).get("message").asText()).contains(message);
    }
}
