package io.leadpulse.jobs.alerts;

import io.leadpulse.schemas.v1.Alert;
import java.time.Instant;
import java.util.Map;

/** Builds alerts the one way: the id is derived from the type and what the alert is about (see {@link AlertIds}). */
public final class Alerts {
    private Alerts() {
    }

    /**
     * @param subject what makes this alert one of a kind (a click id, a reach, a silent period), hashed into its id
     */
    public static Alert alert(String type, String subject, String teamId, String repId, String leadId,
                              long occurredAtMillis, long detectedAtMillis, String message, Map<String, Object> facts) {
        return Alert.newBuilder()
                .setId(AlertIds.of(type, subject))
                .setType(type)
                .setTeamId(teamId)
                .setRepId(repId)
                .setLeadId(leadId)
                .setOccurredAt(Instant.ofEpochMilli(occurredAtMillis))
                .setDetectedAt(Instant.ofEpochMilli(detectedAtMillis))
                .setMessage(message)
                .setFacts(facts)
                .build();
    }

    /** A duration as a person says it in a message: 72 h, 15 min, 40 s. */
    public static String spoken(long seconds) {
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
