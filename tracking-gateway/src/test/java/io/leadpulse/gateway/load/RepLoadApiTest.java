package io.leadpulse.gateway.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.gateway.TrackingGateway;
import io.leadpulse.schemas.RedisKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** {@code GET /v1/reps/{repId}/load} on a real gateway, reading what the Redis sink wrote into a real Redis. */
class RepLoadApiTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();
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
    void aRepsLoadIsAnsweredWithTheContractsFieldsAsNumbers() {
        redis.hset(RedisKeys.repLoad("r-busy"), Map.of("teamId", "t1", "openLeads", "12", "awaitingFirstResponse", "5",
                "followUps3d", "3", "assigned24h", "4", "capacity", "8", "loadPct", "62.5", "updatedAt", "1767225600123"));

        HttpResponse<String> response = load("r-busy");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode load = RunningGateway.json(response);
        assertThat(load.get("repId").asText()).isEqualTo("r-busy");
        assertThat(load.get("teamId").asText()).isEqualTo("t1");
        assertThat(load.get("openLeads").isIntegralNumber()).isTrue();
        assertThat(load.get("openLeads").asInt()).isEqualTo(12);
        assertThat(load.get("awaitingFirstResponse").asInt()).isEqualTo(5);
        assertThat(load.get("followUps3d").asInt()).isEqualTo(3);
        assertThat(load.get("assigned24h").asInt()).isEqualTo(4);
        assertThat(load.get("capacity").asInt()).isEqualTo(8);
        assertThat(load.get("loadPct").isNumber()).isTrue();
        assertThat(load.get("loadPct").asDouble()).isEqualTo(62.5);
        assertThat(load.get("updatedAt").isIntegralNumber()).isTrue();
        assertThat(load.get("updatedAt").asLong()).isEqualTo(1_767_225_600_123L);
        assertThat(load.size()).isEqualTo(9);
    }

    @Test
    void aWholeLoadPercentageIsAWholeNumberAndAnUnreadableFieldIsNullNotAnError() {
        redis.hset(RedisKeys.repLoad("r-odd"), Map.of("teamId", "t2", "openLeads", "8", "awaitingFirstResponse", "8",
                "followUps3d", "0", "assigned24h", "oops", "capacity", "8", "loadPct", "100", "updatedAt", "1767225600000"));

        JsonNode load = RunningGateway.json(load("r-odd"));

        assertThat(load.get("loadPct").isIntegralNumber()).isTrue();
        assertThat(load.get("loadPct").asInt()).isEqualTo(100);
        assertThat(load.get("assigned24h").isNull()).isTrue();
        assertThat(load.get("followUps3d").asInt()).isZero();
    }

    @Test
    void aRepWithoutAStoredLoadIs404() {
        HttpResponse<String> response = load("r-nobody");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(RunningGateway.json(response).get("error").asText()).isEqualTo("not_found");
        assertThat(RunningGateway.json(response).get("message").asText()).contains("r-nobody");
    }

    @Test
    void aRepIdThatCannotBeOneIs400AndTheKeyIsNeeded() {
        assertThat(load("r".repeat(129)).statusCode()).isEqualTo(400);
        assertThat(RunningGateway.json(load("r%0A1")).get("message").asText()).contains("the rep id in the path must not contain control characters");
        assertThat(gateway.send(gateway.request("/v1/reps/r-busy/load").GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnreachableRedisIs503() {
        try (TrackingGateway withoutRedis = gateway.startAnotherInstance("redis://127.0.0.1:1")) {
            HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + withoutRedis.port() + "/v1/reps/r-busy/load"))
                    .header("Authorization", "Bearer " + RunningGateway.API_KEY).timeout(Duration.ofSeconds(15)).GET());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(RunningGateway.json(response).get("message").asText()).contains("not reachable");
        }
    }

    private static HttpResponse<String> load(String repId) {
        return gateway.send(gateway.authorized("/v1/reps/" + repId + "/load").GET());
    }
}
