package io.leadpulse.schemas.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.schemas.v1.Alert;
import java.io.IOException;
import java.io.StringWriter;
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

    /**
     * Written field by field with a streaming generator: the tree it built before (and a {@code valueToTree} per fact)
     * cost every alert's Redis write about as much again as the rest of its preparation.
     */
    public static String toJson(Alert alert) {
        StringWriter json = new StringWriter(512);
        try (JsonGenerator out = MAPPER.createGenerator(json)) {
            out.writeStartObject();
            out.writeStringField("id", alert.getId());
            out.writeStringField("type", alert.getType());
            out.writeStringField("teamId", alert.getTeamId());
            out.writeStringField("repId", alert.getRepId());
            out.writeStringField("leadId", alert.getLeadId());
            out.writeStringField("occurredAt", alert.getOccurredAt().toString());
            out.writeStringField("detectedAt", alert.getDetectedAt().toString());
            out.writeStringField("message", alert.getMessage());
            out.writeObjectFieldStart("facts");
            for (Map.Entry<String, Object> fact : alert.getFacts().entrySet()) {
                out.writeFieldName(fact.getKey());
                writeFact(out, fact.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("an alert is always writable as JSON", e);
        }
        return json.toString();
    }

    /** A fact as its JSON type (Avro's facts: null, boolean, long, double, string or a list of strings). */
    private static void writeFact(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof CharSequence text) {
            out.writeString(text.toString());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            out.writeNumber(number.doubleValue());
        } else if (value instanceof Float number) {
            out.writeNumber(number.floatValue());
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                out.writeString(String.valueOf(item));
            }
            out.writeEndArray();
        } else {
            out.writeObject(value);
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
