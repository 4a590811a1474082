package io.leadpulse.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.gateway.TrackingGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway whose Redis is down still starts and redirects; the dead-letter endpoints (which live in Redis) answer
 * 503 with a reason instead of keeping the gateway from starting.
 */
class DeadLettersWithoutRedisTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    @Test
    void deadLettersAre503WhileRedisIsUnreachable() {
        try (TrackingGateway withoutRedis = gateway.startAnotherInstance("redis://127.0.0.1:1")) {
            String base = "http://localhost:" + withoutRedis.port();
            HttpResponse<String> list = gateway.send(HttpRequest.newBuilder(URI.create(base + "/v1/webhooks/dead-letters"))
                    .header("Authorization", "Bearer " + RunningGateway.API_KEY).timeout(Duration.ofSeconds(15)).GET());
            HttpResponse<String> replay = gateway.send(HttpRequest.newBuilder(URI.create(base + "/v1/webhooks/dead-letters/replay"))
                    .header("Authorization", "Bearer " + RunningGateway.API_KEY).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString("{\"all\": true}")));

            assertThat(list.statusCode()).isEqualTo(503);
            assertThat(RunningGateway.json(list).get("message").asText()).contains("not reachable");
            assertThat(replay.statusCode()).isEqualTo(503);
        }
    }
}
