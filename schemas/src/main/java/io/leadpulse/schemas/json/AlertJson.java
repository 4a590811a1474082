package io.leadpulse.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.schemas.v1.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON form of an alert (contract section 3), as stored in Redis and sent to webhooks. */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    public static String toJson(Alert alert) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", alert.getId());
        node.put("type", alert.getType());
        node.put("teamId", alert.getTeamId());
        node.put("repId", alert.getRepId());
        node.put("leadId", alert.getLeadId());
        node.put("occurredAt", alert.getOccurredAt().toString());
        node.put("detectedAt", alert.getDetectedAt().toString());
        node.put("message", alert.getMessage());
        ObjectNode facts = node.putObject("facts");
        alert.getFacts().forEach((name, value) -> facts.set(name, factNode(value)));
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert is always writable as JSON", e);
        }
    }

    public static Alert fromJson(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            Map<String, Object> facts = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("facts").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> fact = it.next();
                facts.put(fact.getKey(), factValue(fact.getValue()));
            }
            return Alert.newBuilder()
                    .setId(node.get("id").asText())
                    .setType(node.get("type").asText())
                    .setTeamId(node.get("teamId").asText())
                    .setRepId(textOrNull(node.get("repId")))
                    .setLeadId(textOrNull(node.get("leadId")))
                    .setOccurredAt(Instant.parse(node.get("occurredAt").asText()))
                    .setDetectedAt(Instant.parse(node.get("detectedAt").asText()))
                    .setMessage(node.get("message").asText())
                    .setFacts(facts)
                    .build();
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not an alert: " + e.getMessage(), e);
        }
    }

    private static JsonNode factNode(Object value) {
        if (value instanceof List<?> list) {
            ArrayNode array = MAPPER.createArrayNode();
            list.forEach(item -> array.add(String.valueOf(item)));
            return array;
        }
        return MAPPER.valueToTree(value);
    }

    private static Object factValue(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return items;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.isNull() ? null : value.asText();
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
