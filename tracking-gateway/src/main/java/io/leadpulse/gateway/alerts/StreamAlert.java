package io.leadpulse.gateway.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One entry of the alert stream, read once and shared by every client it goes to.
 *
 * @param id     the stream entry id: the event id a client resumes from
 * @param teamId the alert's team, for clients that asked for one team
 * @param json   the alert on one line, as an event's {@code data:} must be
 */
record StreamAlert(StreamEntryID id, String teamId, String json) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The alert of an entry; empty when the entry holds no readable alert (it is skipped, its id still counts). */
    static Optional<StreamAlert> from(StreamEntry entry) {
        String stored = entry.getFields().get("alert");
        if (stored == null) {
            return Optional.empty();
        }
        try {
            JsonNode alert = MAPPER.readTree(stored);
            if (!alert.isObject()) {
                return Optional.empty();
            }
            // Written again, compactly: a line break inside would end the event's data early.
            return Optional.of(new StreamAlert(entry.getID(), alert.path("teamId").asText(null), MAPPER.writeValueAsString(alert)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The smallest id after {@code id}: where a read that must not repeat {@code id} starts. */
    static StreamEntryID after(StreamEntryID id) {
        return new StreamEntryID(id.getTime(), id.getSequence() + 1);
    }
}
