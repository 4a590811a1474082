package io.leadpulse.jobs.load;

import java.util.ArrayList;
import java.util.List;

/** What the job counts for one rep. A Flink POJO; times are epoch millis of event time. */
public final class RepLoadState {
    public String teamId;
    public int openLeads;
    public int awaitingFirstResponse;
    /** When each follow-up of the last three days happened. */
    public List<Long> followUps = new ArrayList<>();
    /** When each assignment of the last 24 hours happened. */
    public List<Long> assignments = new ArrayList<>();
    public boolean overloaded;
    public long updatedAtMillis;
    /** The load last written, to write only changes. */
    public String lastWritten;
}
