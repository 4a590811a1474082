package io.leadpulse.jobs.leads;

import java.util.Map;

/**
 * All the job keeps for one lead key, in one value so an event costs one state lookup and one write: the open lead
 * (null once it closed, expired or before it began) and the event ids taken in, which outlive a closed lead for the
 * idempotency window so a resent event cannot revive it. A Flink POJO.
 */
public final class LeadRecord {
    public LeadState lead;
    /** Event id -> when it was first seen (processing time), see {@link SeenEventIds}; null when none is remembered. */
    public Map<String, Long> seenEventIds;

    public LeadRecord() {
    }

    boolean isEmpty() {
        return lead == null && (seenEventIds == null || seenEventIds.isEmpty());
    }
}
