package io.leadpulse.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.gateway.TrackingGateway;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /v1/webhooks} on a real gateway, against a real Kafka broker. */
class WebhooksApiTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    @Test
    void aStandardSubscriptionIsAnsweredWithAGeneratedSecretAndWrittenToTheCompactedTopic() {
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> response = create("""
                {"url": "https://crm.example.com/hooks/leadpulse", "format": "standard",
                 "types": ["lead.deep_read", "rep.overloaded"], "teamIds": ["t1", "t2"]}""");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode created = RunningGateway.json(response);
        String id = created.get("id").asText();
        assertThat(id).matches("wh_[A-Za-z0-9_-]{22}");
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/webhooks/" + id);
        assertThat(created.get("url").asText()).isEqualTo("https://crm.example.com/hooks/leadpulse");
        assertThat(created.get("format").asText()).isEqualTo("standard");
        assertThat(texts(created.get("types"))).containsExactly("lead.deep_read", "rep.overloaded");
        assertThat(texts(created.get("teamIds"))).containsExactly("t1", "t2");
        String secret = created.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(24);
        assertThat(Instant.parse(created.get("createdAt").asText())).isAfter(before).isBeforeOrEqualTo(Instant.now());
        assertThat(created.get("disabled").asBoolean()).isFalse();
        assertThat(created.get("disabledReason").isNull()).isTrue();
        assertThat(RunningGateway.json(get(id))).isEqualTo(created);

        List<ConsumerRecord<String, WebhookSubscription>> written = gateway.records(Topics.WEBHOOKS,
                WebhookSubscription.class, record -> record.getId().equals(id), 1);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).key()).isEqualTo(id);
        WebhookSubscription record = written.get(0).value();
        assertThat(record.getFormat()).isEqualTo(WebhookFormat.STANDARD);
        assertThat(record.getSecret()).isEqualTo(secret);
        assertThat(record.getTypes()).containsExactly("lead.deep_read", "rep.overloaded");
        assertThat(record.getTeamIds()).containsExactly("t1", "t2");
        assertThat(record.getCreatedAt()).isEqualTo(Instant.parse(created.get("createdAt").asText()));
        assertThat(record.getDeleted()).isFalse();
    }

    @Test
    void everyStandardSubscriptionGetsItsOwnIdAndSecret() {
        JsonNode first = RunningGateway.json(create("{\"url\": \"https://a.example.com/\", \"format\": \"standard\"}"));
        JsonNode second = RunningGateway.json(create("{\"url\": \"https://a.example.com/\", \"format\": \"standard\"}"));

        assertThat(first.get("id")).isNotEqualTo(second.get("id"));
        assertThat(first.get("secret")).isNotEqualTo(second.get("secret"));
    }

    @Test
    void leftOutTypesAndTeamsMeanAllAndEachFormatKeepsTheSecretItMayHave() {
        String kept = "whsec_" + Base64.getEncoder().encodeToString("an existing endpoint's 32B key!!".getBytes());

        JsonNode standard = RunningGateway.json(create("{\"url\": \"https://a.example.com/h\", \"format\": \"standard\", \"secret\": \"" + kept + "\"}"));
        JsonNode dingtalk = RunningGateway.json(create("""
                {"url": "https://oapi.dingtalk.com/robot/send?access_token=abc", "format": "dingtalk", "secret": "SEC0123abc"}"""));
        JsonNode feishu = RunningGateway.json(create("""
                {"url": "https://open.feishu.cn/open-apis/bot/v2/hook/xyz", "format": "feishu", "types": [], "teamIds": null}"""));
        JsonNode wecom = RunningGateway.json(create("""
                {"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "format": "wecom", "secret": null}"""));
        JsonNode slack = RunningGateway.json(create("{\"url\": \"https://hooks.slack.com/services/T/B/x\", \"format\": \"slack\"}"));

        assertThat(standard.get("secret").asText()).isEqualTo(kept);
        assertThat(dingtalk.get("secret").asText()).isEqualTo("SEC0123abc");
        assertThat(dingtalk.get("format").asText()).isEqualTo("dingtalk");
        assertThat(feishu.get("secret").isNull()).isTrue();
        assertThat(wecom.get("secret").isNull()).isTrue();
        assertThat(slack.get("format").asText()).isEqualTo("slack");
        for (JsonNode subscription : List.of(standard, dingtalk, feishu, wecom, slack)) {
            assertThat(subscription.get("types").isArray() && subscription.get("types").isEmpty()).isTrue();
            assertThat(subscription.get("teamIds").isArray() && subscription.get("teamIds").isEmpty()).isTrue();
        }
    }

    @Test
    void theListHoldsEverySubscriptionOldestFirstInTheSameShape() throws InterruptedException {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(RunningGateway.json(create("{\"url\": \"https://list.example.com/" + i + "\", \"format\": \"slack\"}")).get("id").asText());
            Thread.sleep(5); // distinct creation times
        }

        HttpResponse<String> response = gateway.send(gateway.authorized("/v1/webhooks").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode all = RunningGateway.json(response);
        List<JsonNode> ours = StreamSupport.stream(all.spliterator(), false).filter(s -> ids.contains(s.get("id").asText())).toList();
        assertThat(ours).extracting(s -> s.get("id").asText()).containsExactlyElementsOf(ids);
        assertThat(ours.get(1)).isEqualTo(RunningGateway.json(get(ids.get(1))));
        List<Instant> created = StreamSupport.stream(all.spliterator(), false).map(s -> Instant.parse(s.get("createdAt").asText())).toList();
        assertThat(created).isSorted();
    }

    @Test
    void aDeletedSubscriptionIsGoneHereAndEndedOnTheTopic() {
        String id = RunningGateway.json(create("{\"url\": \"https://gone.example.com/\", \"format\": \"wecom\"}")).get("id").asText();

        HttpResponse<String> deleted = gateway.send(gateway.authorized("/v1/webhooks/" + id).DELETE());

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertError(get(id), 404, "No webhook subscription");
        assertThat(RunningGateway.json(gateway.send(gateway.authorized("/v1/webhooks").GET())).findValuesAsText("id")).doesNotContain(id);
        assertError(gateway.send(gateway.authorized("/v1/webhooks/" + id).DELETE()), 404, "No webhook subscription");
        List<ConsumerRecord<String, WebhookSubscription>> written = gateway.records(Topics.WEBHOOKS,
                WebhookSubscription.class, record -> record.getId().equals(id), 2);
        assertThat(written).extracting(r -> r.value().getDeleted()).containsExactly(false, true);
        assertThat(written.get(1).value().getUrl()).isEqualTo("https://gone.example.com/");
    }

    @Test
    void unknownIdsAre404() {
        assertError(get("wh_nothing"), 404, "No webhook subscription");
        assertError(gateway.send(gateway.authorized("/v1/webhooks/wh_nothing").DELETE()), 404, "No webhook subscription");
        assertError(get("x".repeat(3000)), 404, "No webhook subscription");
    }

    @Test
    void invalidSubscriptionsAreRefusedWith400AClearMessageAndCreateNothing() {
        int before = RunningGateway.json(gateway.send(gateway.authorized("/v1/webhooks").GET())).size();
        Map<String, String> cases = Map.ofEntries(
                Map.entry("[]", "must be a JSON object"),
                Map.entry("{\"format\": \"standard\"}", "url is required"),
                Map.entry("{\"url\": 42, \"format\": \"standard\"}", "url must be a string, not a number"),
                Map.entry("{\"url\": \"ftp://files.example.com/\", \"format\": \"standard\"}", "url must be an absolute http or https URL"),
                Map.entry("{\"url\": \"/relative/hook\", \"format\": \"standard\"}", "url must be an absolute http or https URL"),
                Map.entry("{\"url\": \"https://user:pw@example.com/\", \"format\": \"standard\"}", "url must not carry credentials"),
                Map.entry("{\"url\": \"https://example.com/a\\u0000b\", \"format\": \"standard\"}", "url contains whitespace or control characters"),
                Map.entry("{\"url\": \"https://example.com/" + "a".repeat(4100) + "\", \"format\": \"standard\"}", "url is longer than 4096"),
                Map.entry("{\"url\": \"https://example.com/\"}", "format is required: one of standard, wecom, dingtalk, feishu, slack"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"STANDARD\"}", "format must be one of standard, wecom, dingtalk, feishu, slack, not \"STANDARD\""),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"unknown\"}", "format must be one of"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"teams\"}", "not \"teams\""),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": 1}", "not a number"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"types\": \"lead.silent\"}", "types must be an array of strings"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"types\": [\"lead.gone\"]}", "types[0] is \"lead.gone\", not an alert type; the types are content.reached, lead.deep_read"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"types\": [\"lead.silent\", \"lead.silent\"]}", "types[1] repeats \"lead.silent\""),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"types\": [7]}", "types[0] must be a string, not a number"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"teamIds\": [\"t1\", \"t1\"]}", "teamIds[1] repeats \"t1\""),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"teamIds\": [\"\"]}", "teamIds[0] must not be empty"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"teamIds\": [\"" + "t".repeat(129) + "\"]}", "teamIds[0] is longer than 128"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"teamIds\": [\"t\\n1\"]}", "teamIds[0] must not contain control characters"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"teamIds\": {\"t1\": true}}", "teamIds must be an array of strings (empty for all), not an object"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"standard\", \"secret\": \"hunter2\"}", "secret for a standard webhook must be \"whsec_\" followed by the base64 of 24"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"standard\", \"secret\": \"whsec_c2hvcnQ=\"}", "the base64 of 24 to 64 bytes"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"standard\", \"secret\": \"whsec_!!!notbase64!!!notbase64!!!notbase64\"}", "secret for a standard webhook"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"standard\", \"secret\": 5}", "secret must be a string, not a number"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"wecom\", \"secret\": \"abc\"}", "wecom robots do not sign their messages; leave secret out"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"secret\": \"abc\"}", "slack robots do not sign their messages"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"dingtalk\", \"secret\": \"\"}", "secret for a dingtalk robot must be its signing secret"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"feishu\", \"secret\": \"with space\"}", "secret for a feishu robot must be its signing secret"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"channel\": \"#sales\"}", "unknown field channel; the fields are url, format, types, teamIds, secret"),
                Map.entry("{\"url\": \"https://example.com/\", \"format\": \"slack\", \"id\": \"wh_mine\", \"disabled\": true}", "unknown fields id, disabled"),
                Map.entry("{\"url\": \"ftp://x\", \"format\": \"nope\", \"types\": [\"x\"]}", "url must be an absolute http or https URL; format must be one of"),
                Map.entry("{\"url\": ", "not valid JSON"),
                Map.entry("", "empty"));

        cases.forEach((body, message) -> assertError(create(body), 400, message));

        assertThat(RunningGateway.json(gateway.send(gateway.authorized("/v1/webhooks").GET())).size()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotJsonIs415AndWebhooksNeedTheApiKey() {
        assertError(gateway.send(gateway.authorized("/v1/webhooks").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))), 415, "application/json");
        for (HttpRequest.Builder request : List.of(
                gateway.request("/v1/webhooks").GET(),
                gateway.request("/v1/webhooks/wh_x").GET(),
                gateway.request("/v1/webhooks/wh_x").DELETE(),
                gateway.request("/v1/webhooks").header("Authorization", "Bearer wrong").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"https://example.com/\", \"format\": \"slack\"}")))) {
            assertError(gateway.send(request), 401, "API key");
        }
        assertError(gateway.send(gateway.authorized("/v1/webhooks").PUT(HttpRequest.BodyPublishers.ofString("{}"))), 405, "PUT");
    }

    @Test
    void subscriptionsSurviveARestartOfTheGateway() {
        JsonNode created = RunningGateway.json(create("""
                {"url": "https://durable.example.com/", "format": "dingtalk", "types": ["lead.silent"], "teamIds": ["t9"], "secret": "SECdurable"}"""));
        String deleted = RunningGateway.json(create("{\"url\": \"https://deleted.example.com/\", \"format\": \"slack\"}")).get("id").asText();
        assertThat(gateway.send(gateway.authorized("/v1/webhooks/" + deleted).DELETE()).statusCode()).isEqualTo(204);

        gateway.restart();

        assertThat(RunningGateway.json(get(created.get("id").asText()))).isEqualTo(created);
        assertError(get(deleted), 404, "No webhook subscription");
        assertThat(RunningGateway.json(gateway.send(gateway.request("/readyz").GET())).get("checks").get("webhooks").asText()).isEqualTo("ready");
    }

    @Test
    void anotherInstanceSeesANewSubscriptionWithinASecondAndItsDeletionToo() {
        try (TrackingGateway other = gateway.startAnotherInstance()) {
            String id = RunningGateway.json(create("{\"url\": \"https://shared.example.com/\", \"format\": \"feishu\"}")).get("id").asText();
            long created = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> gateway.send(on(other, "/v1/webhooks/" + id).GET()).statusCode() == 200);
            System.out.println("subscription visible on the other instance after " + (System.nanoTime() - created) / 1_000_000 + " ms");

            assertThat(gateway.send(on(other, "/v1/webhooks/" + id).DELETE()).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> get(id).statusCode() == 404);
        }
    }

    @Test
    void aSubscriptionTheDeliverySideDisabledShowsWhy() {
        JsonNode created = RunningGateway.json(create("{\"url\": \"https://retired.example.com/\", \"format\": \"standard\"}"));
        String id = created.get("id").asText();
        WebhookSubscription disabled = gateway.records(Topics.WEBHOOKS, WebhookSubscription.class, r -> r.getId().equals(id), 1)
                .get(0).value();
        disabled.setDisabled(true);
        disabled.setDisabledReason("the endpoint answered 410 Gone");

        gateway.produce(Topics.WEBHOOKS, id, disabled, WebhookSubscription.class);

        await().atMost(Duration.ofSeconds(2)).until(() -> RunningGateway.json(get(id)).get("disabled").asBoolean());
        JsonNode shown = RunningGateway.json(get(id));
        assertThat(shown.get("disabledReason").asText()).isEqualTo("the endpoint answered 410 Gone");
        assertThat(shown.get("secret")).isEqualTo(created.get("secret"));
        JsonNode listed = StreamSupport.stream(RunningGateway.json(gateway.send(gateway.authorized("/v1/webhooks").GET())).spliterator(), false)
                .filter(s -> s.get("id").asText().equals(id)).findFirst().orElseThrow();
        assertThat(listed).isEqualTo(shown);
    }

    private static HttpResponse<String> create(String body) {
        return gateway.postJson(gateway.authorized("/v1/webhooks"), body);
    }

    private static HttpResponse<String> get(String id) {
        return gateway.send(gateway.authorized("/v1/webhooks/" + id).GET());
    }

    private static HttpRequest.Builder on(TrackingGateway instance, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + instance.port() + path))
                .header("Authorization", "Bearer " + RunningGateway.API_KEY).timeout(Duration.ofSeconds(15));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = RunningGateway.json(response);
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("message").asText()).contains(message);
    }
}
