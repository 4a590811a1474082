package io.leadpulse.gateway.rules;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of every team that set any, each with the {@code lp.rules} offset it was written at. Two writers fill it:
 * the topic's follower and the instance's own changes (as soon as Kafka acknowledged them, before the follower reads
 * them back). A follower that lags would otherwise put an older rule set back over a newer one, and the next change
 * would be merged onto the old one and lose a field.
 */
final class RuleTable {
    private record Stored(RuleSet rules, long offset) {
    }

    private final Map<String, Stored> teams = new ConcurrentHashMap<>();

    /** Keeps the rules written at {@code offset} unless the team already has rules written later. */
    void keep(String teamId, RuleSet rules, long offset) {
        teams.compute(teamId, (key, old) -> old != null && old.offset() >= offset ? old : new Stored(rules, offset));
    }

    /** A tombstone at {@code offset}: forgets the team's rules unless they were written later. */
    void remove(String teamId, long offset) {
        teams.computeIfPresent(teamId, (key, old) -> old.offset() >= offset ? old : null);
    }

    /** The team's rules, or null when it never set any. */
    RuleSet get(String teamId) {
        Stored stored = teams.get(teamId);
        return stored == null ? null : stored.rules();
    }

    int size() {
        return teams.size();
    }
}
