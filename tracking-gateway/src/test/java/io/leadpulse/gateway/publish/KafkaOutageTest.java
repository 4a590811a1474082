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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * and reach Kafka when it is back, also when the gateway was restarted in between.
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
        return TrackingGateway.start(new GatewayConfig(0, URI.create("http://localhost"), "key",
                bootstrap, redis.url(), dir.resolve("gateway"),
                "0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
                GatewayConfig.DEFAULT_BEACONS_PER_CLIENT_PER_SECOND, IpRanges.none(), IpRanges.none(), Clock.systemUTC()));
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
        for (int i = 0; i < CLICKS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> click = http.send(HttpRequest.newBuilder(URI.create(base(gateway) + "/l/" + code))
                    .header("User-Agent", "Mozilla/5.0 Chrome/131.0").timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(click.statusCode()).isEqualTo(302);
            // The producer may block for up to max.block.ms; a redirect that waited for it would show.
            assertThat(millis).as("click %d answered in %d ms", i, millis).isLessThan(1000);
            String location = click.headers().firstValue("Location").orElseThrow();
            clickIds.add(URLDecoder.decode(location.substring(location.indexOf("lp_c=") + 5), StandardCharsets.UTF_8));
        }
        return clickIds;
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
