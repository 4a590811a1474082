package io.leadpulse.jobs.alerts;

/** The alert types of contract section 3. */
public final class AlertTypes {
    public static final String CONTENT_REACHED = "content.reached";
    public static final String DEEP_READ = "lead.deep_read";
    public static final String ACTIVATED = "lead.activated";
    public static final String SILENT = "lead.silent";
    public static final String FIRST_RESPONSE_OVERDUE = "lead.first_response_overdue";
    public static final String REP_OVERLOADED = "rep.overloaded";

    private AlertTypes() {
    }
}
