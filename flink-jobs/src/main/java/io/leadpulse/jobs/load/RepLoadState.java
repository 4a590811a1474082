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
    public long updatedAtMillis;
    /** The load last written, to write only changes. */
    public String lastWritten;
}
