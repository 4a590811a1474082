package io.leadpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.schemas.RedisKeys;
import redis.clients.jedis.RedisClient;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.Click;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway on a random port, against a real Kafka broker and Redis server. */
class TrackingGatewayTest {
    private static final String BROWSER = RunningGateway.BROWSER;
    private static final ObjectMapper JSON = RunningGateway.JSON;

    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    @Test
    void createsALinkAndServesItBack() throws Exception {
        HttpResponse<String> created = createLink("""
                {"repId": "r7", "teamId": "t1", "leadId": "L-1", "targetUrl": "https://example.com/outline?v=2",
                 "contentId": "outline-v2", "title": "Course outline"}""");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode link = JSON.readTree(created.body());
        String code = link.get("code").asText();
        assertThat(code).matches("[0-9A-Za-z]{12}");
        assertThat(link.get("url").asText()).isEqualTo("https://go.example.com/l/" + code);
        assertThat(link.get("repId").asText()).isEqualTo("r7");
        assertThat(link.get("teamId").asText()).isEqualTo("t1");
        assertThat(link.get("leadId").asText()).isEqualTo("L-1");
        assertThat(link.get("contentId").asText()).isEqualTo("outline-v2");
        assertThat(link.get("title").asText()).isEqualTo("Course outline");
        assertThat(link.get("createdAt").asText()).isNotBlank();
        assertThat(link.get("expiresAt").isNull()).isTrue();

        HttpResponse<String> fetched = send(authorized("/v1/links/" + code).GET());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(fetched.body())).isEqualTo(link);
        assertThat(send(authorized("/v1/links/AAAAAAAAAAAA").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void redirectsACustomerAndEmitsTheClickKeyedByLead() throws Exception {
        String code = JSON.readTree(createLink("""
                {"repId": "r7", "teamId": "t1", "leadId": "L-42", "targetUrl": "https://example.com/spec?x=1#p2"}""")
                .body()).get("code").asText();
        RunningGateway.waitUntilNoLongerTooSoonForAScanner();

        HttpResponse<String> click = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/l/" + code)).header("User-Agent", BROWSER).GET());
        HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/l/" + code)).header("User-Agent", BROWSER)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> slack = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/l/" + code))
                .header("User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)").GET());

        for (HttpResponse<String> response : List.of(click, head, slack)) {
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.headers().firstValue("Location").orElseThrow())
                    .matches("https://example\\.com/spec\\?x=1&lp_c=" + code + "\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+#p2");
        }
        assertThat(click.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("lp_v=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").containsIgnoringCase("secure");

        List<ConsumerRecord<String, Click>> clicks = clicksFor(code, 3);
        assertThat(clicks).extracting(ConsumerRecord::key).containsOnly("L-42");
        assertThat(clicks).extracting(r -> r.value().getMethod()).containsExactly("GET", "HEAD", "GET");
        assertThat(clicks).extracting(r -> r.value().getNonCustomerReason()).containsExactly(null, "head", "preview-bot");
        assertThat(send(gateway.request("/metrics").GET()).body())
                .contains("lp_gateway_not_customer_total{reason=\"head\",route=\"/l/{code}\"}")
                .contains("lp_gateway_not_customer_total{reason=\"preview-bot\",route=\"/l/{code}\"}");
        Click customer = clicks.get(0).value();
        assertThat(customer.getTeamId()).isEqualTo("t1");
        assertThat(customer.getRepId()).isEqualTo("r7");
        assertThat(customer.getNetwork()).isEqualTo("127.0.0.0/24");
        assertThat(click.headers().firstValue("Location").orElseThrow()).contains("lp_c=" + customer.getClickId());
    }

    @Test
    void aLinkMadeOnOneInstanceIsClickableOnAnotherWithinASecond() {
        try (TrackingGateway other = gateway.startAnotherInstance()) {
            String code = gateway.createLink("L-other", "https://example.com/elsewhere");
            long created = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> gateway.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + other.port() + "/l/" + code))).statusCode() == 302);
            System.out.println("link visible on the other instance after " + (System.nanoTime() - created) / 1_000_000 + " ms");
        }
    }

    @Test
    void aClickRightAfterTheLinkIsMadeIsRedirectedButFlaggedAsAMailScanner() {
        String code = gateway.createLink("L-scan", "https://example.com/");

        String clickId = gateway.click(code);

        assertThat(clicksFor(code, 1)).extracting(r -> r.value().getClickId(), r -> r.value().getNonCustomerReason())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(clickId, "scanner-too-soon"));
    }

    @Test
    void theCodeInThePathIsTheLinkWhateverTheQueryOrATrailingSlashSay() {
        String code = gateway.createLink("L-path", "https://example.com/path");
        String other = gateway.createLink("L-other-path", "https://example.com/other");

        for (String path : List.of("/l/" + code + "?code=" + other, "/l/" + code + ";code=" + other, "/l/" + code + "/",
                "/l/" + code + "?code=SUMMER20")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway.base() + path)).header("User-Agent", BROWSER).GET());
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).as(path).startsWith("https://example.com/path?lp_c=" + code + ".");
        }
    }

    @Test
    void aHugeUserAgentIsRedirectedAndJudgedByItsFirstKilobyteAndTheClickKeepsItsFirst512Characters() {
        String code = gateway.createLink("L-long-agent", "https://example.com/");
        RunningGateway.waitUntilNoLongerTooSoonForAScanner();
        String padding = "Mozilla/5.0 (X11; Linux x86_64) ".repeat(20); // 640 characters
        String crawlerWithin = padding + "Googlebot/2.1 " + "x".repeat(12_000);
        String crawlerBeyond = padding + "y".repeat(1_000) + "Googlebot/2.1";

        for (String agent : List.of(crawlerWithin, crawlerBeyond)) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/l/" + code)).header("User-Agent", agent).GET());
            assertThat(response.statusCode()).isEqualTo(302);
        }

        List<ConsumerRecord<String, Click>> clicks = clicksFor(code, 2);
        assertThat(clicks).extracting(r -> r.value().getNonCustomerReason()).containsExactly("crawler", null);
        assertThat(clicks).extracting(r -> r.value().getUserAgent()).containsExactly(crawlerWithin.substring(0, 512), crawlerBeyond.substring(0, 512));
    }

    @Test
    void unknownAndMalformedCodesGetAnHtml404AndNeverARedirect() throws Exception {
        for (String code : List.of("AAAAAAAAAAAA", "short", "x".repeat(300), "..%2f..%2fetc")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/l/" + code)).GET());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Location")).isEmpty();
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        }
    }

    @Test
    void anExpiredLinkIsNotFound() throws Exception {
        String expiresAt = java.time.Instant.now().plusSeconds(2).toString();
        String code = JSON.readTree(createLink("{\"repId\": \"r7\", \"teamId\": \"t1\", \"targetUrl\": \"https://example.com\","
                + " \"expiresAt\": \"" + expiresAt + "\"}").body()).get("code").asText();

        await().atMost(Duration.ofSeconds(10)).until(() ->
                send(HttpRequest.newBuilder(URI.create(gateway.base() + "/l/" + code)).GET()).statusCode() == 404);
    }

    @Test
    void theApiNeedsTheKey() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/v1/links/AAAAAAAAAAAA")).GET());
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/v1/links/AAAAAAAAAAAA"))
                .header("Authorization", "Bearer nope").GET());

        for (HttpResponse<String> response : List.of(none, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void badLinkRequestsGetClearErrors() throws Exception {
        assertError(createLink("{\"repId\": \"r7\", \"teamId\": \"t1\", \"targetUrl\": \"javascript:alert(1)\"}"), 400, "targetUrl");
        assertError(createLink("{\"repId\": 7, \"teamId\": \"t1\", \"targetUrl\": \"https://example.com\"}"), 400, "repId must be a string");
        assertError(createLink("{\"teamId\": \"t1\", \"targetUrl\": \"https://example.com\"}"), 400, "repId is required");
        assertError(createLink("{\"repId\": \"r\", \"teamId\": \"t1\", \"targetUrl\": \"https://e.com\", \"expiresAt\": \"soon\"}"), 400, "expiresAt");
        assertError(createLink("[1, 2]"), 400, "JSON object");
        assertError(createLink("{\"repId\": "), 400, "not valid JSON");
        assertError(createLink(""), 400, "empty");
        assertError(send(authorized("/v1/links").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{'"', (byte) 0xC3, (byte) 0x28, '"'}))), 400, "UTF-8");
        assertError(send(authorized("/v1/links").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))), 415, "application/json");
        assertError(createLink("{\"title\": \"" + "x".repeat(70_000) + "\"}"), 413, "larger");
        assertError(send(authorized("/v1/links").DELETE()), 405, "DELETE");
        assertError(send(authorized("/v1/nothing-here").GET()), 404, "/v1/nothing-here");
    }

    @Test
    void everyRequestIsAnAccessLogLineWithTheNetworkButNeverTheAddress() throws Exception {
        String path = "/l/" + "Z".repeat(12);
        send(gateway.request(path + "?secret=query").header("User-Agent", "access-log-test/1.0").GET());

        java.nio.file.Path log = java.nio.file.Path.of("target/access-test.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> java.nio.file.Files.readString(log).contains(path));
        String line = java.nio.file.Files.readAllLines(log).stream().filter(l -> l.contains(path)).findFirst().orElseThrow();
        JsonNode entry = JSON.readTree(line);
        assertThat(entry.get("method").asText()).isEqualTo("GET");
        assertThat(entry.get("path").asText()).isEqualTo(path);
        assertThat(entry.get("status").asInt()).isEqualTo(404);
        assertThat(entry.get("userAgent").asText()).isEqualTo("access-log-test/1.0");
        assertThat(entry.get("network").asText()).isEqualTo("127.0.0.0/24");
        assertThat(entry.has("micros")).isTrue();
        assertThat(line).doesNotContain("127.0.0.1").doesNotContain("secret=query");
    }

    @Test
    void healthReadinessAndMetricsAnswer() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(gateway.base() + "/healthz")).GET()).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/readyz")).GET());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("checks").get("links").asText()).isEqualTo("ready");
        send(HttpRequest.newBuilder(URI.create(gateway.base() + "/l/AAAAAAAAAAAA")).GET());
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(gateway.base() + "/metrics")).GET());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("lp_http_server_requests_seconds_count{method=\"GET\",route=\"/l/{code}\",status=\"404\"}");
    }

    @Test
    void listsTheNewestAlertsOfATeamOrARepFromRedis() throws Exception {
        try (RedisClient client = RedisClient.create(gateway.redisUrl())) {
            for (int i = 1; i <= 3; i++) {
                String id = "a-list-" + i;
                String rep = i == 2 ? "r-list-2" : "r-list-1";
                client.set(RedisKeys.alert(id), "{\"id\": \"" + id + "\", \"teamId\": \"t-list\", \"repId\": \"" + rep + "\"}");
                client.zadd(RedisKeys.teamFeed("t-list"), 1000 + i, id);
                client.zadd(RedisKeys.repFeed(rep), 1000 + i, id);
            }
        }

        JsonNode team = JSON.readTree(send(authorized("/v1/alerts?teamId=t-list").GET()).body());
        JsonNode limited = JSON.readTree(send(authorized("/v1/alerts?teamId=t-list&limit=2").GET()).body());
        JsonNode rep = JSON.readTree(send(authorized("/v1/alerts?repId=r-list-1").GET()).body());

        assertThat(team.findValuesAsText("id")).containsExactly("a-list-3", "a-list-2", "a-list-1");
        assertThat(limited.findValuesAsText("id")).containsExactly("a-list-3", "a-list-2");
        assertThat(rep.findValuesAsText("id")).containsExactly("a-list-3", "a-list-1");
        assertError(send(authorized("/v1/alerts?teamId=t-list&limit=0").GET()), 400, "limit");
        assertError(send(authorized("/v1/alerts?limit=lots").GET()), 400, "limit");
        assertError(send(authorized("/v1/alerts?limit=1001").GET()), 400, "from 1 to 1000");
        assertThat(JSON.readTree(send(authorized("/v1/alerts?teamId=t-list&limit=").GET()).body()).findValuesAsText("id"))
                .as("a blank limit is the default").containsExactly("a-list-3", "a-list-2", "a-list-1");
        assertError(send(authorized("/v1/webhooks/dead-letters?limit=0").GET()), 400, "from 1 to 10000");
        assertError(send(authorized("/v1/webhooks/dead-letters?limit=10001").GET()), 400, "limit");
        assertThat(send(authorized("/v1/webhooks/dead-letters?limit=").GET()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(gateway.base() + "/v1/alerts")).GET()).statusCode()).isEqualTo(401);
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isNotBlank();
        assertThat(error.get("message").asText()).contains(messagePart);
    }

    private static HttpResponse<String> createLink(String body) {
        return gateway.postJson(gateway.authorized("/v1/links"), body);
    }

    private static HttpRequest.Builder authorized(String path) {
        return gateway.authorized(path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return gateway.send(request);
    }

    private static List<ConsumerRecord<String, Click>> clicksFor(String code, int expected) {
        return gateway.records(Topics.CLICKS, Click.class, click -> click.getCode().equals(code), expected);
    }
}
