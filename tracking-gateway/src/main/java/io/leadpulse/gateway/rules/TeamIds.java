package io.leadpulse.gateway.rules;

import java.util.Optional;

/**
 * What a team id may be: the key of its rules in Kafka and in every store downstream. Rep ids and the team ids a
 * webhook subscription names are held to the same rules, since they end up in the same keys.
 */
public final class TeamIds {
    static final int MAX_LENGTH = 128;

    private TeamIds() {
    }

    /** Why this cannot be a team id, or empty when it can; the message speaks of the team id in the path. */
    public static Optional<String> problemWith(String teamId) {
        return problemWith(teamId, "the team id in the path");
    }

    /**
     * Why this cannot be an id, or empty when it can.
     *
     * @param what how the message names it, such as {@code "teamIds[2]"}
     */
    public static Optional<String> problemWith(String id, String what) {
        if (id == null || id.isBlank()) {
            return Optional.of(what + " must not be empty");
        }
        if (id.length() > MAX_LENGTH) {
            return Optional.of(what + " is longer than " + MAX_LENGTH + " characters");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(what + " must not contain control characters");
        }
        return Optional.empty();
    }
}
