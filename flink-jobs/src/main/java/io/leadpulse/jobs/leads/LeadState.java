package io.leadpulse.jobs.leads;

import java.util.ArrayList;
import java.util.List;

/** What the job remembers about one lead between its events. A Flink POJO; times are epoch millis of event time. */
public final class LeadState {
    public static final long NONE = Long.MIN_VALUE;

    public String teamId;
    /** The rep who owns the lead now. */
    public String repId;
    /** Created, assigned or reopened, and not closed since. */
    public boolean open;

    /** The newest event of any kind. */
    public long lastActivityMillis = NONE;
    /** The quiet period (by its start) that was already reported as a silence. */
    public long silenceAlertedForMillis = NONE;
    /** Up to three of the customer's latest texts, oldest first. */
    public List<String> lastCustomerTexts = new ArrayList<>();

    /** The current assignment, by its event id. */
    public String assignmentId;
    public long assignedAtMillis = NONE;
    public boolean awaitingFirstResponse;
    public boolean overdueAlerted;

    /**
     * Counted clicks still inside their activation window (or its allowance for late events); null while there are
     * none, as for most of a million open leads, which then carry no columns at all.
     */
    public Reaches reaches;
    /** Recent customer actions, kept in case the click they follow arrives after them. */
    public List<CustomerAct> customerActs = new ArrayList<>();

    /** The one event-time timer the lead has registered (at or before its next deadline), or NONE. */
    public long wakeUpMillis = NONE;

    /** The earlier of two deadlines, either of which may be {@link #NONE}. */
    public static long earliest(long a, long b) {
        if (a == NONE) {
            return b;
        }
        return b == NONE ? a : Math.min(a, b);
    }

    /** Something the customer did (not a click). A Flink POJO. */
    public static final class CustomerAct {
        public String id;
        public String type;
        public long atMillis;

        public CustomerAct() {
        }
    }
}
