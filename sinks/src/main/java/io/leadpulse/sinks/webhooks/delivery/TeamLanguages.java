package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.schemas.kafka.CompactedTopicFollower;
import io.leadpulse.schemas.v1.TeamRules;
import io.leadpulse.sinks.webhooks.Language;
import java.util.concurrent.ConcurrentHashMap;

/** The language each team's people read, from its rules on {@code lp.rules}; English unless the team chose. */
final class TeamLanguages implements CompactedTopicFollower.View<TeamRules> {
    private final ConcurrentHashMap<String, Language> languages = new ConcurrentHashMap<>();

    @Override
    public void put(String teamId, TeamRules rules, long offset) {
        languages.put(teamId, Language.of(rules.getLanguage()));
    }

    @Override
    public void remove(String teamId, long offset) {
        languages.remove(teamId);
    }

    Language of(String teamId) {
        return languages.getOrDefault(teamId, Language.EN);
    }
}
