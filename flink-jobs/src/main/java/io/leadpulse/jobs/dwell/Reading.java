package io.leadpulse.jobs.dwell;

import java.util.Arrays;

/**
 * What the job remembers about one click's reading, in one value so a beacon costs one state lookup and one write
 * (three states cost five to six per beacon). A Flink POJO.
 */
public final class Reading {
    /** Inside the reading session that began with the click's first beacon. */
    public boolean inSession;
    /** Visible time counted in the session until the click is reported. */
    public long visibleMillis;
    /** The beacon sequences counted in the session until the click is reported, in arrival order. */
    public long[] countedSequences = new long[0];
    /** {@code lead.deep_read} was reported for the click; kept after the session for the idempotency window. */
    public boolean alerted;

    public Reading() {
    }

    public boolean counted(long sequence) {
        for (long counted : countedSequences) {
            if (counted == sequence) {
                return true;
            }
        }
        return false;
    }

    public void count(long sequence, long visibleMillis) {
        countedSequences = Arrays.copyOf(countedSequences, countedSequences.length + 1);
        countedSequences[countedSequences.length - 1] = sequence;
        this.visibleMillis += visibleMillis;
    }

    /**
     * {@code lead.deep_read} was reported: nothing the click reads from now on can report it again, so what it counted
     * is released at once (a reader who stays on the page sends a beacon every few seconds for as long as they read).
     */
    public void reported() {
        alerted = true;
        visibleMillis = 0;
        countedSequences = new long[0];
    }

    /** The session is over: what it counted is released, whether it was reported stays. */
    public void endSession() {
        inSession = false;
        visibleMillis = 0;
        countedSequences = new long[0];
    }
}
