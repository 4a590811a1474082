package io.leadpulse.jobs.load;

import java.util.ArrayList;
import java.util.List;

/** What the job counts for one rep. A Flink POJO; times are epoch millis of event time. */
public final class RepLoadState {
    public String teamId;
    public int openLeads;
    public int awaitingFirstResponse;
    /** When each follow-up of the last three days happened, oldest first (see {@link RepLoads#expire}). */
    public List<Long> followUps = new ArrayList<>();
    /** When each assignment of the last 24 hours happened, oldest first. */
    public List<Long> assignments = new ArrayList<>();
    /**
     * Whether the two lists are known to be in time order. False in state written before they were kept so (a POJO
     * field added later is left at its Java default on restore); {@link RepLoads} sorts them once then.
     */
    public boolean inTimeOrder;
    public boolean overloaded;
    /**
     * The pending event-time timer for the rep's windows (at or before {@link RepLoads#nextExpiry}), or
     * {@link RepLoads#NONE}. State written before the rep had one timer restores it as {@code NONE} (Flink makes the
     * POJO with its constructor and sets only the fields the old state had): the rep sets its timer at its next change,
     * or when one of the timers it set then (one per follow-up and assignment) fires.
     */
    public long expiryTimerMillis = RepLoads.NONE;
    public long updatedAtMillis;
    /** The load last written, to write only changes. */
    public String lastWritten;
}
