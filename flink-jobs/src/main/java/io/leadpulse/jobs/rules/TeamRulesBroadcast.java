package io.leadpulse.jobs.rules;

import io.leadpulse.schemas.v1.TeamRules;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * The live rules of every team, broadcast from the compacted topic {@code lp.rules} to each detector, so a change a
 * manager makes applies to what happens next without a restart. The newest {@code updatedAt} wins, whatever order the
 * updates arrive in.
 */
public final class TeamRulesBroadcast {
    public static final MapStateDescriptor<String, TeamRules> RULES =
            new MapStateDescriptor<>("team-rules", Types.STRING, new AvroTypeInfo<>(TeamRules.class));

    private TeamRulesBroadcast() {
    }

    /** The team's rules, or the defaults if the team has none. */
    public static Rules forTeam(ReadOnlyBroadcastState<String, TeamRules> rules, String teamId) throws Exception {
        TeamRules team = teamId == null ? null : rules.get(teamId);
        return team == null ? Rules.defaults() : Rules.of(team);
    }

    /** Keeps an update unless the state already holds a newer one for the team. */
    public static void apply(BroadcastState<String, TeamRules> rules, TeamRules update) throws Exception {
        TeamRules current = rules.get(update.getTeamId());
        if (current == null || !current.getUpdatedAt().isAfter(update.getUpdatedAt())) {
            rules.put(update.getTeamId(), update);
        }
    }
}
