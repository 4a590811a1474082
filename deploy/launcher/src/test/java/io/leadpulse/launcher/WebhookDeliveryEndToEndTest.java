package io.leadpulse.launcher;

import static io.leadpulse.launcher.CommandLineRun.leadpulse;
import static io.leadpulse.launcher.GatewayClient.BROWSER;
import static io.leadpulse.launcher.GatewayClient.JSON;
import static io.leadpulse.launcher.GatewayClient.clickIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.jobs.alerts.AlertIds;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook delivery through the whole running pipeline (gateway, broker, detection job, Redis, webhook sink), to real
 * receivers on loopback, with a retry schedule of a fraction of a second: a customer's click arrives signed as the
 * Standard Webhooks libraries check it; a failing receiver's delivery becomes a dead letter and is replayed; a receiver
 * that answers 410 is switched off; and the dead-letter endpoints refuse bad input with 400s.
 */
class WebhookDeliveryEndToEndTest {
    private static final String API_KEY = "webhook-e2e-key";
    /** Three attempts, a fraction of a second apart. */
    private static final String RETRY_SCHEDULE = "0s,300ms,300ms";
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(15);
    /** How long to go on watching for a message that must not come. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @TempDir
    static Path stateDir;
    static Pipeline pipeline;
    static GatewayClient gateway;

    @BeforeAll
    static void startThePipeline() throws Exception {
        Map<String, String> env = Map.of("LP_HTTP_PORT", "0", "LP_API_KEY", API_KEY, "LP_STATE_DIR", stateDir.toString(),
                "LP_WEBHOOK_ALLOW_PRIVATE", "true", "LP_WEBHOOK_RETRY_SCHEDULE", RETRY_SCHEDULE);
        pipeline = Pipeline.start(LeadPulseConfig.fromEnvironment(env, false));
        assertThat(pipeline.awaitReady(Duration.ofMinutes(2))).isTrue();
        gateway = new GatewayClient(pipeline.httpPort(), API_KEY);
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aCustomersClickReachesItsTeamsReceiverOnceSignedUnderTheAlertIdAndNoOtherTeamsReceiver() throws Exception {
        try (WebhookReceiver crm = new WebhookReceiver(204); WebhookReceiver otherTeam = new WebhookReceiver(204)) {
            // Given a standard subscription for team-a and one for team-b
            String secret = subscribe(crm, "team-a").get("secret").asText();
            String otherSecret = subscribe(otherTeam, "team-b").get("secret").asText();
            String code = gateway.createLink("r7", "team-a", "L-1");

            // When a customer of team-a clicks
            String clickId = clickIdOf(gateway.click(code, BROWSER));

            // Then team-a's receiver gets exactly one POST, under the id of the alert the API shows
            await().atMost(DELIVERY_WAIT).until(() -> !crm.received().isEmpty());
            Thread.sleep(QUIET.toMillis());
            assertThat(crm.received()).hasSize(1);
            assertThat(otherTeam.received()).isEmpty();
            JsonNode alert = onlyAlertOf("team-a");
            assertThat(alert.get("id").asText()).isEqualTo(AlertIds.of("content.reached", clickId));
            WebhookReceiver.Received message = crm.received().get(0);
            assertThat(message.header(":method")).isEqualTo("POST");
            assertThat(message.header("content-type")).startsWith("application/json");
            assertThat(message.header("webhook-id")).isEqualTo(alert.get("id").asText());
            // signed with the secret the subscription was given, and with no other
            assertThat(new StandardWebhooksVerifier(secret).verifies(message, Instant.now())).isTrue();
            assertThat(new StandardWebhooksVerifier(otherSecret).verifies(message, Instant.now())).isFalse();
            assertThat(new StandardWebhooksVerifier(secret).verifies(message, Instant.now().plus(Duration.ofMinutes(6)))).isFalse();
            JsonNode body = JSON.readTree(message.body());
            assertThat(body.get("type").asText()).isEqualTo("content.reached");
            assertThat(body.get("data")).isEqualTo(alert);
            assertThat(body.get("data").get("facts").get("code").asText()).isEqualTo(code);
        }
    }

    @Test
    void aDeliveryGivenUpAfterTheScheduleIsADeadLetterUntilReplayedToTheFixedReceiverUnderTheSameId() throws Exception {
        try (WebhookReceiver broken = new WebhookReceiver(500)) {
            String subscriptionId = subscribe(broken, "team-dead").get("id").asText();
            String code = gateway.createLink("r8", "team-dead", "L-2");

            String alertId = AlertIds.of("content.reached", clickIdOf(gateway.click(code, BROWSER)));

            // Then every attempt of the schedule is made, under one webhook-id, and the delivery is given up
            JsonNode letter = awaitDeadLetter(subscriptionId, alertId);
            assertThat(letter.get("alertType").asText()).isEqualTo("content.reached");
            assertThat(letter.get("attempts").asInt()).isEqualTo(3);
            assertThat(letter.get("lastError").asText()).contains("500");
            assertThat(broken.received()).extracting(message -> message.header("webhook-id")).containsExactly(alertId, alertId, alertId);

            // When the receiver is fixed and every dead letter is replayed
            broken.answer(204);
            JsonNode replayed = gateway.call("POST", "/v1/webhooks/dead-letters/replay", "{\"all\": true}", 200);

            // Then it is delivered under the same webhook-id, and is no dead letter any more
            assertThat(replayed.get("replayed").asInt()).isGreaterThanOrEqualTo(1);
            await().atMost(DELIVERY_WAIT).until(() -> broken.received().size() == 4);
            assertThat(broken.received().get(3).header("webhook-id")).isEqualTo(alertId);
            assertThat(deadLetter(subscriptionId, alertId)).isEmpty();

            // And the same through `leadpulse webhooks`: a second alert given up, listed, and replayed by its id
            broken.answer(500);
            String secondAlertId = AlertIds.of("content.reached", clickIdOf(gateway.click(code, BROWSER)));
            String secondLetter = awaitDeadLetter(subscriptionId, secondAlertId).get("id").asText();
            broken.answer(204);

            CommandLineRun listed = leadpulse("webhooks", "dead-letters", "--url", gatewayUrl(), "--api-key", API_KEY);
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            assertThat(listed.out()).contains(secondLetter, subscriptionId, "content.reached", "500");
            CommandLineRun refused = leadpulse("webhooks", "replay", "--url", gatewayUrl(), "--api-key", "not-the-key", secondLetter);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("401");
            CommandLineRun replay = leadpulse("webhooks", "replay", "--url", gatewayUrl(), "--api-key", API_KEY, secondLetter);
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).isEqualTo("Replayed 1 dead letter(s)." + System.lineSeparator());

            await().atMost(DELIVERY_WAIT).until(() -> broken.received().get(broken.received().size() - 1).header("webhook-id")
                    .equals(secondAlertId) && deadLetter(subscriptionId, secondAlertId).isEmpty());
        }
    }

    @Test
    void aReceiverThatAnswers410IsDisabledWithAReasonAndGetsNoLaterAlerts() throws Exception {
        try (WebhookReceiver gone = new WebhookReceiver(410); WebhookReceiver healthy = new WebhookReceiver(204)) {
            String goneId = subscribe(gone, "team-gone").get("id").asText();
            String healthyId = subscribe(healthy, "team-gone").get("id").asText();
            String code = gateway.createLink("r9", "team-gone", "L-3");

            gateway.click(code, BROWSER);

            await().atMost(DELIVERY_WAIT).until(() -> subscription(goneId).get("disabled").asBoolean());
            JsonNode disabled = subscription(goneId);
            assertThat(disabled.get("disabledReason").asText()).contains("410");
            assertThat(gone.received()).hasSize(1);
            assertThat(subscription(healthyId).get("disabled").asBoolean()).isFalse();
            await().atMost(DELIVERY_WAIT).until(() -> healthy.received().size() == 1);

            // When a later alert of the team is detected, the healthy receiver gets it and the gone one does not
            String laterAlertId = AlertIds.of("content.reached", clickIdOf(gateway.click(code, BROWSER)));
            await().atMost(DELIVERY_WAIT).until(() -> healthy.received().size() == 2);
            assertThat(healthy.received().get(1).header("webhook-id")).isEqualTo(laterAlertId);
            Thread.sleep(QUIET.toMillis());
            assertThat(gone.received()).hasSize(1);
        }
    }

    @Test
    void theDeadLetterEndpointsAnswerBadInputWith400AndNeverAServerError() throws Exception {
        for (String body : List.of("{}", "{\"all\": true, \"ids\": [\"x\"]}", "{\"ids\": []}", "{\"ids\": [1]}", "{\"ids\": [\"\"]}",
                "{\"ids\": \"x\"}", "{\"all\": false}", "{\"all\": \"true\"}", "{\"all\": null}", "{\"all\": true, \"also\": 1}",
                "[]", "null", "{\"all\": tru", "")) {
            HttpResponse<String> answer = replay(body, Optional.of(API_KEY));
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("error").asText()).as(body).isEqualTo("invalid");
        }
        for (String limit : List.of("0", "abc", "-1", "10001", "99999999999", "1.5")) {
            HttpResponse<String> answer = listDeadLetters("?limit=" + limit, Optional.of(API_KEY));
            assertThat(answer.statusCode()).as("limit=" + limit).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("message").asText()).as(limit).contains("limit");
        }
        assertThat(listDeadLetters("?limit=1", Optional.of(API_KEY)).statusCode()).isEqualTo(200);
        assertThat(listDeadLetters("?limit=", Optional.of(API_KEY)).statusCode())
                .as("a blank limit is the default, as on /v1/alerts").isEqualTo(200);
        assertThat(replay("{\"ids\": [\"no-such-letter\"]}", Optional.of(API_KEY)).body()).isEqualTo("{\"replayed\":0}");
    }

    @Test
    void theDeadLetterEndpointsNeedTheKey() throws Exception {
        for (Optional<String> key : List.of(Optional.<String>empty(), Optional.of("wrong-key"))) {
            assertThat(listDeadLetters("", key).statusCode()).isEqualTo(401);
            assertThat(replay("{\"all\": true}", key).statusCode()).isEqualTo(401);
        }
    }

    private static JsonNode subscribe(WebhookReceiver receiver, String teamId) throws Exception {
        return gateway.call("POST", "/v1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"format\": \"standard\", \"types\": [], "
                + "\"teamIds\": [\"" + teamId + "\"]}", 201);
    }

    private static JsonNode subscription(String id) throws Exception {
        return StreamSupport.stream(gateway.get("/v1/webhooks").spliterator(), false)
                .filter(subscription -> subscription.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode onlyAlertOf(String teamId) throws Exception {
        JsonNode alerts = gateway.get("/v1/alerts?teamId=" + teamId);
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    private static JsonNode awaitDeadLetter(String subscriptionId, String alertId) {
        return await().atMost(DELIVERY_WAIT).until(() -> deadLetter(subscriptionId, alertId), Optional::isPresent).orElseThrow();
    }

    private static Optional<JsonNode> deadLetter(String subscriptionId, String alertId) throws Exception {
        return StreamSupport.stream(gateway.get("/v1/webhooks/dead-letters").spliterator(), false)
                .filter(letter -> letter.get("subscriptionId").asText().equals(subscriptionId) && letter.get("alertId").asText().equals(alertId))
                .findFirst();
    }

    private static HttpResponse<String> replay(String body, Optional<String> key) throws Exception {
        HttpRequest.Builder request = gateway.request("/v1/webhooks/dead-letters/replay").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        key.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return gateway.send(request);
    }

    private static HttpResponse<String> listDeadLetters(String query, Optional<String> key) throws Exception {
        HttpRequest.Builder request = gateway.request("/v1/webhooks/dead-letters" + query).GET();
        key.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return gateway.send(request);
    }

    private static String gatewayUrl() {
        return "http://localhost:" + pipeline.httpPort();
    }
}
