package io.leadpulse.jobs.leads;

/**
 * All the job keeps for one lead key, in one value so an event costs one state lookup and one write: the open lead
 * (null once it closed, expired or before it began) and the event ids taken in, which outlive a closed lead for the
 * idempotency window so a resent event cannot revive it. A Flink POJO.
 */
public final class LeadRecord {
    public LeadState lead;
    /**
     * The event ids taken in, as pairs (the id's number, when it was first seen in processing time), see
     * {@link SeenEventIds}; null when none is remembered.
     */
    public long[] seenEventIds;

    public LeadRecord() {
    }

    boolean isEmpty() {
        return lead == null && (seenEventIds == null || seenEventIds.length == 0);
    }
}
