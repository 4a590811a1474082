package io.leadpulse.launcher;

import static io.leadpulse.launcher.AlertTopic.committedAlerts;
import static io.leadpulse.launcher.GatewayClient.BROWSER;
import static io.leadpulse.launcher.GatewayClient.clickIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.schemas.v1.Alert;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * One whole customer journey through the running pipeline (real broker, mini cluster, Redis, gateway), with the
 * team's rules set to seconds: every alert arrives in Redis with the id it must have, and the rep's load is right at
 * each step.
 */
class LeadJourneyEndToEndTest {
    private static final String API_KEY = "journey-key";
    private static final Duration SILENCE = Duration.ofSeconds(25);
    private static final Duration FIRST_RESPONSE = Duration.ofSeconds(8);
    private static final Duration ALERT_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    @Test
    void linkClickDwellInquiryAndThenNothingGiveEveryAlertWithItsIdAndTheRepsLoadAtEachStep() throws Exception {
        Map<String, String> env = Map.of("LP_HTTP_PORT", "0", "LP_API_KEY", API_KEY, "LP_STATE_DIR", stateDir.toString());
        try (Pipeline pipeline = Pipeline.start(LeadPulseConfig.fromEnvironment(env, true), true);
             RedisClient redis = RedisClient.create(pipeline.redisUrl())) {
            assertThat(pipeline.awaitReady(Duration.ofMinutes(2))).isTrue();
            GatewayClient gateway = new GatewayClient(pipeline.httpPort(), API_KEY);

            // Given the team's rules in seconds, live
            gateway.call("PUT", "/v1/teams/t1/rules", "{\"silenceSeconds\": " + SILENCE.toSeconds() + ", \"firstResponseSeconds\": "
                    + FIRST_RESPONSE.toSeconds() + ", \"activationWindowSeconds\": 600, \"repCapacity\": 1}", 200);
            Thread.sleep(5_000); // the contract's promise: applied from 5 s after the answer

            // When the CRM creates the lead and assigns it to r7
            Instant assignedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            postEvents(gateway, event("crm-1", "lead.created", "system", assignedAt, null),
                    event("crm-2", "lead.assigned", "system", assignedAt, null));
            // then r7 carries one lead that waits for a first response: at capacity, overloaded once
            awaitLoad(redis, Map.of("openLeads", "1", "awaitingFirstResponse", "1", "assigned24h", "1", "followUps3d", "0",
                    "capacity", "1", "loadPct", "100"));
            String overloaded = awaitAlert(redis, AlertIds.of("rep.overloaded", "r7|" + assignedAt.toEpochMilli()));
            assertThat(redis.zscore("lp:team:t1:load", "r7")).isEqualTo(100.0);

            // When the customer clicks the tracked link
            String code = gateway.createLink("r7", "L-1");
            HttpResponse<String> click = gateway.click(code, BROWSER);
            String clickId = clickIdOf(click);
            String reached = awaitAlert(redis, AlertIds.of("content.reached", clickId));

            // and reads it for 95 s, reported in four beacons (one of them delivered twice)
            for (int[] beacon : new int[][] {{1, 30_000}, {2, 30_000}, {2, 30_000}, {3, 20_000}, {4, 15_000}}) {
                HttpResponse<String> answer = gateway.send(gateway.request("/v1/beacon").header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"c\": \"" + clickId + "\", \"s\": " + beacon[0] + ", \"v\": " + beacon[1] + "}")));
                assertThat(answer.statusCode()).isEqualTo(204);
            }
            String deepRead = awaitAlert(redis, AlertIds.of("lead.deep_read", clickId));
            assertThat(alertJson(redis, deepRead).get("facts").get("visibleSeconds").asLong()).isEqualTo(95);

            // and asks a question inside the activation window
            Instant inquiredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            postEvents(gateway, event("im-1", "activity.inquiry", "customer", inquiredAt, "Can you send the PLC interface spec?"));
            String activated = awaitAlert(redis, AlertIds.of("lead.activated", reached));

            // Then, with nothing at all happening any more: r7 never answered, and the lead falls silent
            String overdue = awaitAlert(redis, AlertIds.of("lead.first_response_overdue", "L-1|crm-2"));
            String silent = awaitAlert(redis, AlertIds.of("lead.silent", "L-1|" + inquiredAt.toEpochMilli()));
            JsonNode silence = alertJson(redis, silent);
            assertThat(silence.get("facts").get("lastCustomerMessages").get(0).asText()).isEqualTo("Can you send the PLC interface spec?");
            assertThat(Instant.parse(silence.get("detectedAt").asText()))
                    .as("fires on time on a quiet system").isBefore(inquiredAt.plus(SILENCE).plusSeconds(10));

            // When r7 finally calls, the load drops; when the lead is closed, it is gone
            Instant calledAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            postEvents(gateway, event("call-1", "activity.call", "rep", calledAt, null));
            awaitLoad(redis, Map.of("openLeads", "1", "awaitingFirstResponse", "0", "followUps3d", "1", "loadPct", "0"));
            postEvents(gateway, event("crm-3", "lead.closed", "rep", calledAt.plusMillis(1), null));
            awaitLoad(redis, Map.of("openLeads", "0", "awaitingFirstResponse", "0"));

            List<String> expected = List.of(overloaded, reached, deepRead, activated, overdue, silent);
            assertThat(redis.zrange("lp:alerts:team:t1", 0, -1)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(redis.xlen("lp:alerts")).isEqualTo(expected.size());
            assertThat(committedAlerts(pipeline.kafkaBootstrap(), expected.size(), Duration.ofSeconds(20)))
                    .extracting(Alert::getId).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String event(String id, String type, String actor, Instant at, String text) {
        return "{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"teamId\": \"t1\", \"leadId\": \"L-1\", \"repId\": \"r7\", "
                + "\"actor\": \"" + actor + "\", \"occurredAt\": \"" + at + "\"" + (text == null ? "" : ", \"text\": \"" + text + "\"")
                + (type.equals("lead.closed") ? ", \"attributes\": {\"outcome\": \"won\"}" : "") + "}";
    }

    private static void postEvents(GatewayClient gateway, String... events) throws Exception {
        JsonNode answer = gateway.call("POST", "/v1/events", "[" + String.join(",", events) + "]", 202);
        assertThat(answer.get("accepted").asInt()).as(answer.toString()).isEqualTo(events.length);
    }

    private static String awaitAlert(RedisClient redis, String alertId) {
        await().atMost(ALERT_WAIT).pollInterval(Duration.ofMillis(100)).until(() -> redis.exists("lp:alert:" + alertId));
        return alertId;
    }

    private static JsonNode alertJson(RedisClient redis, String alertId) throws Exception {
        return GatewayClient.JSON.readTree(redis.get("lp:alert:" + alertId));
    }

    private static void awaitLoad(RedisClient redis, Map<String, String> expected) {
        await().atMost(ALERT_WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(redis.hgetAll("lp:rep:r7:load")).containsAllEntriesOf(expected).containsEntry("teamId", "t1"));
    }
}
