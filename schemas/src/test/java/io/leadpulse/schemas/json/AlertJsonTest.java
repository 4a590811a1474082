package io.leadpulse.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.schemas.v1.Alert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

    @Test
    void writesTheContractShapeWithIsoTimesAndTypedFacts() throws Exception {
        JsonNode json = new ObjectMapper().readTree(AlertJson.toJson(deepRead()));

        assertThat(json.get("id").asText()).isEqualTo("a-3f9c");
        assertThat(json.get("type").asText()).isEqualTo("lead.deep_read");
        assertThat(json.get("teamId").asText()).isEqualTo("t1");
        assertThat(json.get("repId").asText()).isEqualTo("r7");
        assertThat(json.get("leadId").asText()).isEqualTo("L-1");
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-11-22T09:31:40Z");
        assertThat(json.get("detectedAt").asText()).isEqualTo("2026-11-22T09:31:40.120Z");
        assertThat(json.get("message").asText()).isEqualTo("L-1 has read 'Course outline' for 92 s");
        assertThat(json.get("facts").get("visibleSeconds").isIntegralNumber()).isTrue();
        assertThat(json.get("facts").get("visibleSeconds").asLong()).isEqualTo(92);
        assertThat(json.get("facts").get("lastCustomerMessages").isArray()).isTrue();
        assertThat(json.get("facts").get("ratio").isDouble()).isTrue();
        assertThat(json.get("facts").get("bot").isBoolean()).isTrue();
        assertThat(json.get("facts").get("title").isNull()).isTrue();
        assertThat(json.get("facts").get("reads").isIntegralNumber()).isTrue();
        assertThat(json.get("facts").get("note").asText()).isEqualTo("a \"quoted\" word\n\u00e9");
    }

    @Test
    void writesTheFieldsInTheContractsOrder() {
        assertThat(AlertJson.toJson(deepRead())).startsWith("{\"id\":\"a-3f9c\",\"type\":\"lead.deep_read\",\"teamId\":\"t1\","
                + "\"repId\":\"r7\",\"leadId\":\"L-1\",\"occurredAt\":\"2026-11-22T09:31:40Z\","
                + "\"detectedAt\":\"2026-11-22T09:31:40.120Z\",\"message\":\"L-1 has read 'Course outline' for 92 s\","
                + "\"facts\":{\"code\":\"7fQk2c\",\"visibleSeconds\":92,\"ratio\":0.5,\"bot\":false,");
    }

    @Test
    void readsBackWhatItWrote() {
        assertThat(AlertJson.fromJson(AlertJson.toJson(deepRead()))).isEqualTo(deepRead());
    }

    @Test
    void rejectsJsonThatIsNotAnAlert() {
        assertThatThrownBy(() -> AlertJson.fromJson("{\"id\": 1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertJson.fromJson("[")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Alert deepRead() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("code", "7fQk2c");
        facts.put("visibleSeconds", 92L);
        facts.put("ratio", 0.5);
        facts.put("bot", false);
        facts.put("lastCustomerMessages", List.of("Can you send the spec?"));
        facts.put("title", null);
        facts.put("reads", 3L);
        facts.put("note", "a \"quoted\" word\n\u00e9");
        return Alert.newBuilder()
                .setId("a-3f9c").setType("lead.deep_read").setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setOccurredAt(Instant.parse("2026-11-22T09:31:40Z"))
                .setDetectedAt(Instant.parse("2026-11-22T09:31:40.120Z"))
                .setMessage("L-1 has read 'Course outline' for 92 s")
                .setFacts(facts)
                .build();
    }
}
