package io.leadpulse.gateway.rules;

import java.util.Optional;

/** What a team id in a path may be: the key of its rules in Kafka and in every store downstream. */
final class TeamIds {
    static final int MAX_LENGTH = 128;

    private TeamIds() {
    }

    /** Why this cannot be a team id, or empty when it can. */
    static Optional<String> problemWith(String teamId) {
        if (teamId == null || teamId.isBlank()) {
            return Optional.of("the team id in the path must not be empty");
        }
        if (teamId.length() > MAX_LENGTH) {
            return Optional.of("the team id in the path is longer than " + MAX_LENGTH + " characters");
        }
        if (teamId.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("the team id in the path must not contain control characters");
        }
        return Optional.empty();
    }
}
