package io.leadpulse.jobs.load;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What a lead's event means for the load of one rep, keyed by {@link #repId}. It crosses the network with
 * {@link LeadChangeSerializer} and is never kept in state.
 */
@TypeInfo(LeadChangeSerializer.Factory.class)
public final class LeadChange {
    public enum Kind {
        /** The lead is open and the rep's (created with an owner, or reopened): no first response awaited. */
        OPENED,
        /** The lead was assigned to the rep: open, awaiting the first response, counts in {@code assigned24h}. */
        ASSIGNED,
        /** The rep touched a lead that awaited the first response. */
        RESPONDED,
        /** The rep did something on a lead (a call, a message, ...): counts in {@code followUps3d}. */
        FOLLOWED_UP,
        /** The lead is no longer the rep's open lead: closed, or assigned to someone else. */
        RELEASED
    }

    public String repId;
    public String teamId;
    public String leadId;
    public Kind kind;
    public long atMillis;

    public LeadChange() {
    }

    public LeadChange(String repId, String teamId, String leadId, Kind kind, long atMillis) {
        this.repId = repId;
        this.teamId = teamId;
        this.leadId = leadId;
        this.kind = kind;
        this.atMillis = atMillis;
    }

    @Override
    public String toString() {
        return kind + " " + leadId + " for " + repId + " at " + atMillis;
    }
}
