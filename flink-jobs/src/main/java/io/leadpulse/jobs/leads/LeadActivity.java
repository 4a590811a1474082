package io.leadpulse.jobs.leads;

import io.leadpulse.schemas.v1.ActivityEvent;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.LeadEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Anything that happened on a lead, in the one shape the per-lead detectors read: a CRM's lead event, an activity
 * (call, message, inquiry, ...) or a customer's counted click ({@code content.reached}). It crosses the network
 * with {@link LeadActivitySerializer} and is never kept in state.
 */
@TypeInfo(LeadActivitySerializer.Factory.class)
public final class LeadActivity {
    public static final String CREATED = "lead.created";
    public static final String ASSIGNED = "lead.assigned";
    public static final String CLOSED = "lead.closed";
    public static final String REOPENED = "lead.reopened";
    public static final String CONTENT_REACHED = "content.reached";

    /** The sender's id (the event's {@code id}, or the reach alert's id): what makes the activity idempotent. */
    public String id;
    public String type;
    public String teamId;
    public String leadId;
    public String repId;
    public Actor actor;
    public long occurredAtMillis;
    /** A message's text, kept for the silence alert's {@code lastCustomerMessages}. */
    public String text;
    /** For {@code content.reached}: the link and its title, for the activation alert's facts. */
    public String code;
    public String title;

    public LeadActivity() {
    }

    public static LeadActivity of(LeadEvent event) {
        LeadActivity activity = new LeadActivity();
        activity.id = event.getId();
        activity.type = event.getType();
        activity.teamId = event.getTeamId();
        activity.leadId = event.getLeadId();
        activity.repId = event.getRepId();
        activity.actor = event.getActor();
        activity.occurredAtMillis = event.getOccurredAt().toEpochMilli();
        return activity;
    }

    public static LeadActivity of(ActivityEvent event) {
        LeadActivity activity = new LeadActivity();
        activity.id = event.getId();
        activity.type = event.getType();
        activity.teamId = event.getTeamId();
        activity.leadId = event.getLeadId();
        activity.repId = event.getRepId();
        activity.actor = event.getActor();
        activity.occurredAtMillis = event.getOccurredAt().toEpochMilli();
        activity.text = event.getText();
        return activity;
    }

    /** The customer reached content on a link made for the lead: a customer's action like any other. */
    public static LeadActivity reached(Alert contentReached) {
        LeadActivity activity = new LeadActivity();
        activity.id = contentReached.getId();
        activity.type = CONTENT_REACHED;
        activity.teamId = contentReached.getTeamId();
        activity.leadId = contentReached.getLeadId();
        activity.repId = contentReached.getRepId();
        activity.actor = Actor.CUSTOMER;
        activity.occurredAtMillis = contentReached.getOccurredAt().toEpochMilli();
        Object code = contentReached.getFacts().get("code");
        Object title = contentReached.getFacts().get("title");
        activity.code = code == null ? null : code.toString();
        activity.title = title == null ? null : title.toString();
        return activity;
    }

    public boolean isBy(Actor who) {
        return actor == who;
    }

    @Override
    public String toString() {
        return type + " " + id + " on " + leadId + " at " + occurredAtMillis;
    }
}
