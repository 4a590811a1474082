package io.leadpulse.jobs.testing;

import io.leadpulse.schemas.v1.TeamRules;
import java.time.Instant;

/** Team rules for tests: the defaults, with what a test changes. */
public final class Teams {
    private Teams() {
    }

    public static TeamRules.Builder rules(String teamId, Instant updatedAt) {
        return TeamRules.newBuilder().setTeamId(teamId).setUpdatedAt(updatedAt);
    }
}
