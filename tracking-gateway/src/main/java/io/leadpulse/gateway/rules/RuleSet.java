package io.leadpulse.gateway.rules;

import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import java.time.Instant;

/**
 * A team's whole rule set as the gateway serves it: the thresholds of the contract's alerts and the language of
 * messages to people. {@code language} stays a string, as in the record, so a language a newer gateway accepts
 * survives a merge made by an older one.
 *
 * @param updatedAt when the rules were last changed; null for a team that never set any (the defaults)
 */
public record RuleSet(String teamId, Duration deepRead, Duration activationWindow, Duration silence,
                      Duration firstResponse, int repCapacity, Duration duplicateClickWindow, String language,
                      Instant updatedAt) {

    /** The rules of a team that never set any: the defaults of the {@code TeamRules} schema. */
    public static RuleSet defaults(String teamId) {
        TeamRules defaults = TeamRules.newBuilder().setTeamId(teamId).setUpdatedAt(Instant.EPOCH).build();
        return from(defaults).withUpdatedAt(null);
    }

    public static RuleSet from(TeamRules record) {
        return new RuleSet(record.getTeamId(),
                Duration.ofSeconds(record.getDeepReadSeconds()),
                Duration.ofSeconds(record.getActivationWindowSeconds()),
                Duration.ofSeconds(record.getSilenceSeconds()),
                Duration.ofSeconds(record.getFirstResponseSeconds()),
                record.getRepCapacity(),
                Duration.ofSeconds(record.getDuplicateClickWindowSeconds()),
                record.getLanguage(),
                record.getUpdatedAt());
    }

    public TeamRules toRecord() {
        return TeamRules.newBuilder()
                .setTeamId(teamId)
                .setDeepReadSeconds(deepRead.toSeconds())
                .setActivationWindowSeconds(activationWindow.toSeconds())
                .setSilenceSeconds(silence.toSeconds())
                .setFirstResponseSeconds(firstResponse.toSeconds())
                .setRepCapacity(repCapacity)
                .setDuplicateClickWindowSeconds(duplicateClickWindow.toSeconds())
                .setLanguage(language)
                .setUpdatedAt(updatedAt)
                .build();
    }

    public RuleSet withUpdatedAt(Instant at) {
        return new RuleSet(teamId, deepRead, activationWindow, silence, firstResponse, repCapacity, duplicateClickWindow,
                language, at);
    }
}
