package io.leadpulse.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.gateway.TrackingGateway;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.TeamRules;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PUT} and {@code GET /v1/teams/{teamId}/rules} on a real gateway, against a real Kafka broker. */
class RulesApiTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    @Test
    void aTeamThatNeverSetRulesGetsTheDefaults() {
        HttpResponse<String> response = get("t-fresh");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode rules = RunningGateway.json(response);
        assertThat(rules.get("teamId").asText()).isEqualTo("t-fresh");
        assertThat(numbers(rules)).containsExactly(90L, 10_800L, 259_200L, 900L, 8L, 1_800L);
        assertThat(rules.get("language").asText()).isEqualTo("en");
        assertThat(rules.get("updatedAt").isNull()).isTrue();
    }

    @Test
    void aPartialChangeKeepsEveryOtherRuleAndAnswersTheWholeSet() {
        Instant before = Instant.now().minusSeconds(1);

        JsonNode first = RunningGateway.json(put("t-partial", "{\"deepReadSeconds\": 120}"));
        HttpResponse<String> second = put("t-partial", "{\"language\": \"zh\", \"repCapacity\": 12}");

        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode rules = RunningGateway.json(second);
        assertThat(numbers(first)).containsExactly(120L, 10_800L, 259_200L, 900L, 8L, 1_800L);
        assertThat(numbers(rules)).containsExactly(120L, 10_800L, 259_200L, 900L, 12L, 1_800L);
        assertThat(rules.get("language").asText()).isEqualTo("zh");
        assertThat(rules.get("teamId").asText()).isEqualTo("t-partial");
        assertThat(Instant.parse(rules.get("updatedAt").asText())).isAfter(before).isBeforeOrEqualTo(Instant.now());
        assertThat(RunningGateway.json(get("t-partial"))).isEqualTo(rules);
    }

    @Test
    void aGetRightAfterAPutOnTheSameInstanceSeesTheNewRules() {
        put("t-read-own", "{\"silenceSeconds\": 7200}");
        for (int i = 1; i <= 30; i++) {
            JsonNode answered = RunningGateway.json(put("t-read-own", "{\"deepReadSeconds\": " + (100 + i) + "}"));

            JsonNode read = RunningGateway.json(get("t-read-own"));

            // An older record the follower reads late must never replace what this instance just wrote.
            assertThat(read).as("change %d", i).isEqualTo(answered);
            assertThat(read.get("deepReadSeconds").asLong()).isEqualTo(100 + i);
            assertThat(read.get("silenceSeconds").asLong()).isEqualTo(7200);
        }
    }

    @Test
    void concurrentChangesOfOneTeamLoseNoField() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(7);
        try {
            for (int round = 1; round <= 5; round++) {
                Map<String, Object> sent = Map.of(
                        "deepReadSeconds", 100 + round, "activationWindowSeconds", 3_600 + round, "silenceSeconds", 86_400 + round,
                        "firstResponseSeconds", 600 + round, "repCapacity", 10 + round, "duplicateClickWindowSeconds", 60 + round,
                        "language", round % 2 == 0 ? "en" : "zh");
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                sent.forEach((field, value) -> answers.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    String json = value instanceof String ? "\"" + value + "\"" : value.toString();
                    return put("t-concurrent", "{\"" + field + "\": " + json + "}");
                }, clients)));
                start.countDown();

                for (CompletableFuture<HttpResponse<String>> answer : answers) {
                    assertThat(answer.get().statusCode()).isEqualTo(200);
                }
                JsonNode rules = RunningGateway.json(get("t-concurrent"));
                for (Map.Entry<String, Object> field : sent.entrySet()) {
                    assertThat(rules.get(field.getKey()).asText()).as("round %d, %s", round, field.getKey()).isEqualTo(field.getValue().toString());
                }
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theWholeMergedRuleSetIsWrittenToTheCompactedTopicKeyedByTeam() {
        put("t-durable", "{\"firstResponseSeconds\": 300}");
        put("t-durable", "{\"duplicateClickWindowSeconds\": 600, \"language\": \"zh\"}");

        List<ConsumerRecord<String, TeamRules>> written = gateway.records(Topics.RULES, TeamRules.class,
                rules -> rules.getTeamId().equals("t-durable"), 2);

        assertThat(written).hasSize(2).extracting(ConsumerRecord::key).containsOnly("t-durable");
        TeamRules last = written.get(1).value();
        assertThat(last.getFirstResponseSeconds()).isEqualTo(300);
        assertThat(last.getDuplicateClickWindowSeconds()).isEqualTo(600);
        assertThat(last.getLanguage()).isEqualTo("zh");
        assertThat(last.getDeepReadSeconds()).isEqualTo(90);
        assertThat(last.getActivationWindowSeconds()).isEqualTo(10_800);
        assertThat(last.getSilenceSeconds()).isEqualTo(259_200);
        assertThat(last.getRepCapacity()).isEqualTo(8);
        assertThat(last.getUpdatedAt()).isEqualTo(Instant.parse(RunningGateway.json(get("t-durable")).get("updatedAt").asText()));
    }

    @Test
    void rulesSetOnOneInstanceAreServedByAnotherWithinASecondAndMergedThere() {
        try (TrackingGateway other = gateway.startAnotherInstance()) {
            put("t-shared", "{\"repCapacity\": 25}");
            long changed = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> RunningGateway.json(gateway.send(on(other, "t-shared").GET())).get("repCapacity").asInt() == 25);
            System.out.println("rules visible on the other instance after " + (System.nanoTime() - changed) / 1_000_000 + " ms");

            HttpResponse<String> fromOther = gateway.send(on(other, "t-shared").header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"silenceSeconds\": 172800}")));
            assertThat(fromOther.statusCode()).isEqualTo(200);
            assertThat(RunningGateway.json(fromOther).get("repCapacity").asInt()).isEqualTo(25);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> RunningGateway.json(get("t-shared")).get("silenceSeconds").asLong() == 172_800);
            assertThat(RunningGateway.json(get("t-shared")).get("repCapacity").asInt()).isEqualTo(25);
        }
    }

    @Test
    void invalidChangesAreRefusedWith400AClearMessageAndChangeNothing() {
        JsonNode before = RunningGateway.json(put("t-invalid", "{\"deepReadSeconds\": 150}"));
        Map<String, String> cases = Map.ofEntries(
                Map.entry("[{\"deepReadSeconds\": 90}]", "must be a JSON object"),
                Map.entry("\"deepReadSeconds\"", "must be a JSON object"),
                Map.entry("null", "must be a JSON object"),
                Map.entry("{\"deepReadSeconds\": 60, \"colour\": \"red\"}", "unknown field colour"),
                Map.entry("{\"deepReadSeconds\": \"60\"}", "deepReadSeconds must be a whole number from 1 to 86400 seconds (1 day), not a string"),
                Map.entry("{\"activationWindowSeconds\": 10.5}", "activationWindowSeconds must be a whole number"),
                Map.entry("{\"silenceSeconds\": 0}", "silenceSeconds must be a whole number from 1 to 7776000 seconds (90 days), not 0"),
                Map.entry("{\"firstResponseSeconds\": -1}", "firstResponseSeconds must be a whole number from 1"),
                Map.entry("{\"firstResponseSeconds\": 7776001}", "not 7776001"),
                Map.entry("{\"duplicateClickWindowSeconds\": 99999999999999999999}", "duplicateClickWindowSeconds must be a whole number"),
                Map.entry("{\"repCapacity\": 0}", "repCapacity must be a whole number from 1 to 10000, not 0"),
                Map.entry("{\"repCapacity\": 10001}", "not 10001"),
                Map.entry("{\"repCapacity\": null}", "not null"),
                Map.entry("{\"language\": \"fr\"}", "language must be \"en\" or \"zh\""),
                Map.entry("{\"teamId\": \"someone-else\"}", "team of the path"),
                Map.entry("{\"deepReadSeconds\": ", "not valid JSON"),
                Map.entry("", "empty"));

        cases.forEach((body, message) -> assertError(put("t-invalid", body), 400, message));

        assertThat(RunningGateway.json(get("t-invalid"))).isEqualTo(before);
    }

    @Test
    void theTeamIdInThePathMustBeSane() {
        assertError(get("x".repeat(129)), 400, "longer than 128");
        assertError(put("x".repeat(129), "{}"), 400, "longer than 128");
        assertError(get("t%0A1"), 400, "control characters");
        assertError(put("t%001", "{\"repCapacity\": 3}"), 400, "control characters");
        assertError(get("%20%20"), 400, "empty");
        assertThat(get("x".repeat(128)).statusCode()).isEqualTo(200);
        assertThat(RunningGateway.json(get("sales%20t%C3%A9am")).get("teamId").asText()).isEqualTo("sales téam");
        assertError(gateway.send(gateway.authorized("/v1/teams//rules").GET()), 400, "empty");
    }

    @Test
    void rulesNeedTheApiKey() {
        for (HttpRequest.Builder request : List.of(
                gateway.request(path("t-auth")).GET(),
                gateway.request(path("t-auth")).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"repCapacity\": 3}")),
                gateway.request(path("t-auth")).header("Authorization", "Bearer wrong").GET())) {
            assertError(gateway.send(request), 401, "API key");
        }
        assertThat(RunningGateway.json(get("t-auth")).get("repCapacity").asInt()).isEqualTo(8);
    }

    @Test
    void otherMethodsAre405() {
        for (String method : List.of("POST", "DELETE", "PATCH")) {
            assertError(gateway.send(gateway.authorized(path("t-method")).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}"))), 405, method);
        }
    }

    @Test
    void aBodyThatIsNotJsonIs415AndAnOversizedOneIs413() {
        assertError(gateway.send(gateway.authorized(path("t-body")).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"repCapacity\": 3}"))), 415, "application/json");
        assertError(gateway.send(gateway.authorized(path("t-body")).header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("repCapacity=3"))), 415, "application/json");
        assertError(put("t-body", "{\"language\": \"" + "z".repeat(20_000) + "\"}"), 413, "larger than 16384 bytes");
        assertThat(RunningGateway.json(get("t-body")).get("repCapacity").asInt()).isEqualTo(8);
    }

    @Test
    void hostileBodiesNeverGetA5xx() {
        List<byte[]> bodies = List.of(
                "{".getBytes(StandardCharsets.UTF_8),
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]".getBytes(StandardCharsets.UTF_8),
                "{\"deepReadSeconds\": 1e400, \"repCapacity\": -0, \"language\": {\"$ne\": 1}}".getBytes(StandardCharsets.UTF_8),
                "{\"deepReadSeconds\": 90, \"deepReadSeconds\": 91}".getBytes(StandardCharsets.UTF_8),
                "{\"language\": \"en\"} {\"language\": \"zh\"}".getBytes(StandardCharsets.UTF_8),
                new byte[]{'{', '"', 'l', 'a', 'n', 'g', 'u', 'a', 'g', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'},
                new byte[]{0, 0, 0, 0},
                ("{\"\\u0000\": 1, \"" + "\\u0007".repeat(100) + "\": 2}").getBytes(StandardCharsets.UTF_8));

        for (byte[] body : bodies) {
            HttpResponse<String> response = gateway.send(gateway.authorized(path("t-hostile")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertThat(response.statusCode()).as(new String(body, StandardCharsets.UTF_8)).isBetween(200, 499);
            if (response.statusCode() >= 400) {
                assertThat(RunningGateway.json(response).get("message").asText()).isNotBlank();
            }
        }
        assertThat(gateway.send(gateway.request("/healthz").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void theRulesRoutesAreTimedAndReadinessWaitsForTheRules() {
        put("t-metrics", "{\"repCapacity\": 9}");
        get("t-metrics");

        String metrics = gateway.send(gateway.request("/metrics").GET()).body();
        HttpResponse<String> ready = gateway.send(gateway.request("/readyz").GET());

        assertThat(metrics)
                .contains("lp_http_server_requests_seconds_count{method=\"PUT\",route=\"/v1/teams/{teamId}/rules\",status=\"200\"}")
                .contains("lp_http_server_requests_seconds_count{method=\"GET\",route=\"/v1/teams/{teamId}/rules\",status=\"200\"}")
                .containsPattern("lp_gateway_teams_with_rules [1-9]");
        assertThat(RunningGateway.json(ready).get("checks").get("rules").asText()).isEqualTo("ready");
    }

    private static List<Long> numbers(JsonNode rules) {
        return RulesChange.FIELDS.stream().filter(field -> !field.equals("language")).map(field -> rules.get(field).asLong()).toList();
    }

    private static HttpResponse<String> get(String teamId) {
        return gateway.send(gateway.authorized(path(teamId)).GET());
    }

    private static HttpResponse<String> put(String teamId, String body) {
        return gateway.send(gateway.authorized(path(teamId)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder on(TrackingGateway instance, String teamId) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + instance.port() + path(teamId)))
                .header("Authorization", "Bearer " + RunningGateway.API_KEY).timeout(Duration.ofSeconds(15));
    }

    private static String path(String teamId) {
        return "/v1/teams/" + teamId + "/rules";
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = RunningGateway.json(response);
        assertThat(error.get("error").asText()).isNotBlank();
        assertThat(error.get("message").asText()).contains(messagePart);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
