package io.leadpulse.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.gateway.GatewayConfig;
import io.leadpulse.gateway.TrackingGateway;
import io.leadpulse.gateway.network.IpRanges;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.Click;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the broker gone, the gateway keeps redirecting at once and loses no accepted click: they wait in the spool
 * and reach Kafka when it is back, also when the gateway was restarted in between. With its memory queue full it
 * refuses what a client can send again (beacons, events) with 503 and still redirects.
 */
class KafkaOutageTest {
    private static final int CLICKS = 300;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dir;
    EmbeddedKafka kafka;
    EmbeddedRedis redis;
    /** The broker keeps its port across restarts, so a gateway started while it is down is pointed at the same one. */
    String bootstrap;

    @BeforeEach
    void start() {
        startKafka();
        redis = EmbeddedRedis.start(dir.resolve("redis"));
    }

    @AfterEach
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void everyRedirectIsAnsweredAtOnceAndEveryClickReachesKafkaWhenItIsBack() throws Exception {
        try (TrackingGateway gateway = startGateway()) {
            String code = createLink(gateway);
            stopKafka();

            Set<String> clickIds = clickMany(gateway, code);
            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.isReady());
            assertThat(gateway.metrics().scrape()).contains("lp_gateway_spooling 1.0");

            startKafka();
            assertThat(clickIdsInKafka(code, clickIds.size())).containsAll(clickIds);
            await().atMost(Duration.ofSeconds(30)).until(gateway::isReady);
        }
    }

    @Test
    void clicksSpooledBeforeARestartReachKafkaAfterIt() throws Exception {
        String code;
        Set<String> clickIds;
        try (TrackingGateway gateway = startGateway()) {
            code = createLink(gateway);
            stopKafka();
            clickIds = clickMany(gateway, code);
        }

        startKafka();
        try (TrackingGateway restarted = startGateway()) {
            assertThat(clickIdsInKafka(code, clickIds.size())).containsAll(clickIds);
            await().atMost(Duration.ofSeconds(30)).until(restarted::isReady);
        }
    }

    @Test
    void aGatewayStartedWhileKafkaIsDownRedirectsTheLinksItKnewAndSendsTheClicksLater() throws Exception {
        String code;
        try (TrackingGateway gateway = startGateway()) {
            code = createLink(gateway);
        }
        stopKafka();

        try (TrackingGateway withoutKafka = startGatewayWithoutWaiting()) {
            assertThat(withoutKafka.isReady()).isFalse();
            Set<String> clickIds = clickMany(withoutKafka, code);

            startKafka();
            assertThat(clickIdsInKafka(code, clickIds.size())).containsAll(clickIds);
            await().atMost(Duration.ofSeconds(30)).until(withoutKafka::isReady);
        }
    }

    @Test
    void aGatewayStartedWhileKafkaIsAwayLongerThanAMetadataWaitFollowsLinksRulesAndWebhooksOnceItIsBack() throws Exception {
        stopKafka();
        try (TrackingGateway started = startGatewayWithoutWaiting()) {
            // Longer than one metadata question of the link, rule and webhook followers (10 s): they must ask again,
            // not give up (a follower that stopped would leave the gateway unready and blind to new links for good).
            Thread.sleep(12_000);
            startKafka();

            await().atMost(Duration.ofSeconds(60)).until(started::isReady);
        }
    }

    @Test
    void aRulesChangeKafkaCannotTakeIsAnswered503AndChangesNothing() throws Exception {
        try (TrackingGateway gateway = startGateway()) {
            assertThat(putRules(gateway, "{\"repCapacity\": 5}").statusCode()).isEqualTo(200);
            stopKafka();

            HttpResponse<String> refused = putRules(gateway, "{\"repCapacity\": 6, \"language\": \"zh\"}");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(new ObjectMapper().readTree(refused.body()).get("error").asText()).isEqualTo("unavailable");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            var rules = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base(gateway) + "/v1/teams/t-outage/rules"))
                    .header("Authorization", "Bearer key").GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(rules.get("repCapacity").asInt()).isEqualTo(5);
            assertThat(rules.get("language").asText()).isEqualTo("en");
        }
    }

    @Test
    void withTheMemoryQueueFullBeaconsAreAnswered503WithRetryAfterRedirectsGoOnAndARetriedBeaconIsTaken() throws Exception {
        String code;
        String clickId;
        try (TrackingGateway gateway = startGateway()) {
            code = createLink(gateway);
            clickId = clickIdOf(click(gateway, code));
        }
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        stopKafka();

        // A broker that takes connections and never answers: the sender's first send waits for metadata until the
        // producer gives up (max.block.ms, 1 s), and meanwhile a queue of two is full at once.
        try (SilentBroker silent = SilentBroker.on(port); TrackingGateway stuck = startGatewayWithoutWaiting(2)) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int s = 1; s <= 40; s++) {
                sent.add(sendBeacon(stuck, clickId, s));
            }
            Map<Integer, HttpResponse<String>> answers = new TreeMap<>();
            for (int s = 1; s <= 40; s++) {
                answers.put(s, sent.get(s - 1).get(30, TimeUnit.SECONDS));
            }

            assertThat(answers.values()).extracting(HttpResponse::statusCode).containsOnly(204, 503).contains(503);
            List<Integer> refused = answers.entrySet().stream().filter(e -> e.getValue().statusCode() == 503).map(Map.Entry::getKey).toList();
            for (int s : refused) {
                HttpResponse<String> answer = answers.get(s);
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(new ObjectMapper().readTree(answer.body()).get("error").asText()).isEqualTo("unavailable");
            }
            assertThat(clickMany(stuck, code)).as("clicks are redirected whatever the queue holds").hasSize(CLICKS);

            // Once the sender gave up on Kafka it spools, the queue empties, and the refused beacons are taken when
            // sent again (a refused (c, s) was not remembered as seen). Each is sent once the queue of two has room, as
            // a client that waits out Retry-After would find it: the sender may still be spooling the clicks above.
            await().atMost(Duration.ofSeconds(30)).until(() -> stuck.metrics().scrape().contains("lp_gateway_spooling 1.0"));
            for (int s : refused) {
                await().atMost(Duration.ofSeconds(30)).until(() -> stuck.metrics().scrape().contains("lp_gateway_queue_depth 0.0"));
                assertThat(sendBeacon(stuck, clickId, s).get(30, TimeUnit.SECONDS).statusCode()).as("beacon %d again", s).isEqualTo(204);
            }
            assertThat(stuck.metrics().scrape()).containsPattern("lp_gateway_events_rejected_total [1-9]");
        }
    }

    private CompletableFuture<HttpResponse<String>> sendBeacon(TrackingGateway gateway, String clickId, int sequence) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base(gateway) + "/v1/beacon"))
                .header("Content-Type", "text/plain").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"c\": \"" + clickId + "\", \"v\": 15000, \"s\": " + sequence + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> putRules(TrackingGateway gateway, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(gateway) + "/v1/teams/t-outage/rules"))
                .header("Authorization", "Bearer key").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void startKafka() {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        bootstrap = kafka.bootstrapServers();
    }

    private void stopKafka() {
        kafka.close();
        kafka = null;
    }

    private TrackingGateway startGateway() {
        TrackingGateway gateway = startGatewayWithoutWaiting();
        await().atMost(Duration.ofSeconds(30)).until(gateway::isReady);
        return gateway;
    }

    private TrackingGateway startGatewayWithoutWaiting() {
        return startGatewayWithoutWaiting(GatewayConfig.DEFAULT_EVENT_QUEUE_CAPACITY);
    }

    private TrackingGateway startGatewayWithoutWaiting(int eventQueueCapacity) {
        return TrackingGateway.start(new GatewayConfig(0, URI.create("http://localhost"), "key",
                bootstrap, redis.url(), dir.resolve("gateway"),
                "0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
                GatewayConfig.DEFAULT_BEACONS_PER_CLIENT_PER_SECOND, IpRanges.none(), IpRanges.none(), Clock.systemUTC(),
                eventQueueCapacity));
    }

    private String createLink(TrackingGateway gateway) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base(gateway) + "/v1/links"))
                .header("Authorization", "Bearer key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"repId\": \"r\", \"teamId\": \"t\", \"leadId\": \"L-out\", \"targetUrl\": \"https://example.com\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(created.body()).get("code").asText();
    }

    private Set<String> clickMany(TrackingGateway gateway, String code) throws Exception {
        Set<String> clickIds = new HashSet<>();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < CLICKS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> click = click(gateway, code);
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(click.statusCode()).isEqualTo(302);
            clickIds.add(clickIdOf(click));
        }
        // The producer may block for up to max.block.ms (1 s). A redirect that waited for it would be slow nearly every
        // time, or at least on the first clicks after the broker went; a busy machine's pause slows one or two.
        assertThat(millis.subList(0, 10)).as("the first clicks, in ms").allSatisfy(ms -> assertThat(ms).isLessThan(1000));
        List<Long> sorted = millis.stream().sorted().toList();
        assertThat(sorted.get(sorted.size() / 2)).as("the median click, in ms").isLessThan(200);
        assertThat(millis.stream().filter(ms -> ms >= 1000).count()).as("clicks of a second or more: %s", millis).isLessThanOrEqualTo(3);
        return clickIds;
    }

    private HttpResponse<String> click(TrackingGateway gateway, String code) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(gateway) + "/l/" + code))
                .header("User-Agent", "Mozilla/5.0 Chrome/131.0").timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String clickIdOf(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return URLDecoder.decode(location.substring(location.indexOf("lp_c=") + 5), StandardCharsets.UTF_8);
    }

    private Set<String> clickIdsInKafka(String code, int expected) {
        AvroSerde<Click> serde = AvroSerde.of(Click.class);
        Set<String> found = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CLICKS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Click click = serde.deserialize(record.value());
                    if (click.getCode().equals(code)) {
                        found.add(click.getClickId());
                    }
                }
            }
        }
        return found;
    }

    private static String base(TrackingGateway gateway) {
        return "http://localhost:" + gateway.port();
    }
}
