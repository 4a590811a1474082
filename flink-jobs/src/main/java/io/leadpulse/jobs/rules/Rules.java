package io.leadpulse.jobs.rules;

import io.leadpulse.schemas.v1.TeamRules;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * One team's thresholds, as the detectors use them. Teams that never set rules get the domain's numbers (the
 * defaults of the {@code TeamRules} schema, contract section 2).
 */
public record Rules(Duration deepRead, Duration activationWindow, Duration silence, Duration firstResponse,
                    int repCapacity, Duration duplicateClickWindow, String language) implements Serializable {
    private static final Rules DEFAULTS = of(TeamRules.newBuilder().setTeamId("").setUpdatedAt(Instant.EPOCH).build());

    public static Rules defaults() {
        return DEFAULTS;
    }

    public static Rules of(TeamRules team) {
        return new Rules(Duration.ofSeconds(team.getDeepReadSeconds()),
                Duration.ofSeconds(team.getActivationWindowSeconds()),
                Duration.ofSeconds(team.getSilenceSeconds()),
                Duration.ofSeconds(team.getFirstResponseSeconds()),
                team.getRepCapacity(),
                Duration.ofSeconds(team.getDuplicateClickWindowSeconds()),
                team.getLanguage());
    }
}
