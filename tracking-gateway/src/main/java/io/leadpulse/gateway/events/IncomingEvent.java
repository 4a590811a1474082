package io.leadpulse.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.schemas.v1.ActivityEvent;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.LeadEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * One item of a {@code POST /v1/events} batch, checked against the contract. {@link #parse} yields either the Avro
 * record to publish or the reason the item is rejected.
 */
public record IncomingEvent(String id, String teamId, String leadId, SpecificRecord record, String error) {
    static final Set<String> LEAD_TYPES = Set.of("lead.created", "lead.assigned", "lead.stage_changed", "lead.closed", "lead.reopened");
    static final Set<String> ACTIVITY_TYPES = Set.of("activity.call", "activity.message", "activity.email",
            "activity.meeting", "activity.note", "activity.file", "activity.inquiry");
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int MAX_ID = 200;
    private static final int MAX_TEXT = 10_000;
    private static final int MAX_ATTRIBUTES = 50;
    private static final int MAX_ATTRIBUTE = 1_000;

    public boolean isValid() {
        return error == null;
    }

    static IncomingEvent parse(JsonNode item, Instant receivedAt) {
        if (!item.isObject()) {
            return rejected("an event must be a JSON object");
        }
        try {
            String id = text(item, "id", true, MAX_ID);
            String type = text(item, "type", true, 64);
            boolean lead = LEAD_TYPES.contains(type);
            if (!lead && !ACTIVITY_TYPES.contains(type)) {
                throw new Invalid("type must be one of lead.created, lead.assigned, lead.stage_changed, lead.closed, "
                        + "lead.reopened, activity.call, activity.message, activity.email, activity.meeting, activity.note, "
                        + "activity.file, activity.inquiry");
            }
            String teamId = text(item, "teamId", true, MAX_ID);
            String leadId = text(item, "leadId", true, MAX_ID);
            String repId = text(item, "repId", type.equals("lead.assigned"), MAX_ID);
            Actor actor = actor(text(item, "actor", false, 16));
            Instant occurredAt = occurredAt(text(item, "occurredAt", false, 64), receivedAt);
            String text = text(item, "text", false, MAX_TEXT);
            Map<String, String> attributes = attributes(item.get("attributes"));
            checkTypeSpecific(type, attributes);

            SpecificRecord record = lead
                    ? LeadEvent.newBuilder().setId(id).setType(type).setTeamId(teamId).setLeadId(leadId).setRepId(repId)
                            .setActor(actor).setOccurredAt(occurredAt).setReceivedAt(receivedAt).setAttributes(attributes).build()
                    : ActivityEvent.newBuilder().setId(id).setType(type).setTeamId(teamId).setLeadId(leadId).setRepId(repId)
                            .setActor(actor).setOccurredAt(occurredAt).setReceivedAt(receivedAt).setText(text)
                            .setAttributes(attributes).build();
            return new IncomingEvent(id, teamId, leadId, record, null);
        } catch (Invalid e) {
            return rejected(e.getMessage());
        }
    }

    private static IncomingEvent rejected(String why) {
        return new IncomingEvent(null, null, null, null, why);
    }

    private static void checkTypeSpecific(String type, Map<String, String> attributes) {
        if (type.equals("lead.stage_changed") && !attributes.containsKey("stage")) {
            throw new Invalid("lead.stage_changed needs attributes.stage");
        }
        String outcome = attributes.get("outcome");
        if (type.equals("lead.closed") && !"won".equals(outcome) && !"lost".equals(outcome)) {
            throw new Invalid("lead.closed needs attributes.outcome, won or lost");
        }
    }

    private static Actor actor(String value) {
        if (value == null) {
            return Actor.SYSTEM;
        }
        return switch (value) {
            case "rep" -> Actor.REP;
            case "customer" -> Actor.CUSTOMER;
            case "system" -> Actor.SYSTEM;
            default -> throw new Invalid("actor must be rep, customer or system");
        };
    }

    private static Instant occurredAt(String value, Instant receivedAt) {
        if (value == null) {
            return receivedAt;
        }
        Instant at;
        try {
            at = Instant.parse(value).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new Invalid("occurredAt must be an ISO-8601 instant such as 2026-11-22T09:30:00Z");
        }
        if (at.isAfter(receivedAt.plus(MAX_CLOCK_SKEW))) {
            throw new Invalid("occurredAt is more than 5 minutes in the future");
        }
        return at;
    }

    private static Map<String, String> attributes(JsonNode node) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return attributes;
        }
        if (!node.isObject()) {
            throw new Invalid("attributes must be an object of strings");
        }
        if (node.size() > MAX_ATTRIBUTES) {
            throw new Invalid("attributes may hold at most " + MAX_ATTRIBUTES + " entries");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new Invalid("attributes." + entry.getKey() + " must be a string");
            }
            if (entry.getKey().length() > MAX_ID || entry.getValue().textValue().length() > MAX_ATTRIBUTE) {
                throw new Invalid("attributes." + abbreviate(entry.getKey()) + " is too long");
            }
            attributes.put(entry.getKey(), entry.getValue().textValue());
        }
        return attributes;
    }

    private static String text(JsonNode item, String field, boolean required, int maxLength) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new Invalid(field + " is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new Invalid(field + " must be a string");
        }
        String value = node.textValue();
        if (value.isBlank()) {
            if (required) {
                throw new Invalid(field + " must not be empty");
            }
            return null;
        }
        if (value.length() > maxLength) {
            throw new Invalid(field + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

}
