package io.leadpulse.gateway.redirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.gateway.GatewayConfig;
import io.leadpulse.gateway.TrackingGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redirect path makes no call that can wait for Kafka: with the broker gone, every click is still answered at once. */
class RedirectWhileKafkaIsDownTest {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void redirectsKeepAnsweringAtOnceWhenTheBrokerIsGone(@TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        try (EmbeddedRedis redis = EmbeddedRedis.start(dir.resolve("redis"));
             TrackingGateway gateway = TrackingGateway.start(new GatewayConfig(0, URI.create("http://localhost"), "key",
                     kafka.bootstrapServers(), redis.url(), "0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
                     Clock.systemUTC()))) {
            await().atMost(Duration.ofSeconds(30)).until(gateway::isReady);
            String base = "http://localhost:" + gateway.port();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/links"))
                    .header("Authorization", "Bearer key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"repId\": \"r\", \"teamId\": \"t\", \"targetUrl\": \"https://example.com\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String code = new ObjectMapper().readTree(created.body()).get("code").asText();

            kafka.close();

            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                HttpResponse<String> click = http.send(HttpRequest.newBuilder(URI.create(base + "/l/" + code))
                        .header("User-Agent", "Mozilla/5.0 Chrome/131.0").timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(click.statusCode()).isEqualTo(302);
                // The producer may block for up to max.block.ms (10 s); a redirect that waited for it would show.
                assertThat(millis).as("click %d answered in %d ms", i, millis).isLessThan(1000);
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
