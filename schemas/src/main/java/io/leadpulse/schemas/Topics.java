package io.leadpulse.schemas;

/** The Kafka topics LeadPulse reads and writes; {@link #ALERTS} is part of the public contract. */
public final class Topics {
    /** Tracked links, compacted, key = code. */
    public static final String LINKS = "lp.links";
    /** Clicks on tracked links, key = leadId (or code). */
    public static final String CLICKS = "lp.clicks";
    /** Every alert, exactly once per alert id, key = leadId (repId for rep.* alerts). */
    public static final String ALERTS = "lp.alerts";

    private Topics() {
    }
}
