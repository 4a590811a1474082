package io.leadpulse.sinks.webhooks.format.wire;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts of every type with the facts their detectors put in them (flink-jobs), and subscriptions to send them to. */
public final class SampleAlerts {
    public static final Instant OCCURRED = Instant.parse("2026-11-22T09:31:40Z");
    public static final Instant DETECTED = Instant.parse("2026-11-22T09:31:40.120Z");

    private SampleAlerts() {
    }

    public static Alert contentReached() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("code", "7fQk2c");
        facts.put("clickId", "c-1");
        facts.put("contentId", "outline-v2");
        facts.put("title", "Course outline");
        return alert("a-reached", "content.reached", "L-1", "r7", "L-1 opened 'Course outline'", facts);
    }

    public static Alert deepRead() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("code", "7fQk2c");
        facts.put("clickId", "c-1");
        facts.put("contentId", "outline-v2");
        facts.put("title", "Course outline");
        facts.put("visibleSeconds", 92L);
        return alert("a-deep", "lead.deep_read", "L-1", "r7", "L-1 has read 'Course outline' for 92 s", facts);
    }

    public static Alert activated() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("code", "7fQk2c");
        facts.put("title", "Course outline");
        facts.put("reachedAt", "2026-11-22T09:19:40Z");
        facts.put("activity", "activity.inquiry");
        facts.put("activityId", "crm-88121");
        facts.put("secondsAfterReach", 720L);
        return alert("a-activated", "lead.activated", "L-1", "r7", "L-1 got in touch (activity.inquiry) 12 min after opening", facts);
    }

    public static Alert silent(String leadId, List<String> customerMessages) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("silentSince", "2026-11-19T09:31:40Z");
        facts.put("silenceSeconds", 259_200L);
        facts.put("lastCustomerMessages", new ArrayList<>(customerMessages));
        return alert("a-silent-" + leadId, "lead.silent", leadId, "r7", leadId + " has had no activity for 72 h (rep r7)", facts);
    }

    public static Alert silent() {
        return silent("L-1", List.of("Can you send the PLC interface spec?", "What is the price for 20 seats?"));
    }

    public static Alert firstResponseOverdue() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("assignedAt", "2026-11-22T09:16:40Z");
        facts.put("firstResponseSeconds", 900L);
        facts.put("assignmentId", "crm-9");
        return alert("a-overdue", "lead.first_response_overdue", "L-2", "r7",
                "Rep r7 has not responded to L-2 within 15 min of the assignment", facts);
    }

    public static Alert repOverloaded() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("awaitingFirstResponse", 8L);
        facts.put("capacity", 8L);
        facts.put("openLeads", 23L);
        facts.put("loadPct", 100.0);
        return alert("a-overloaded", "rep.overloaded", null, "r7", "Rep r7 has 8 leads waiting for a first response (capacity 8)", facts);
    }

    public static List<Alert> everyType() {
        return List.of(contentReached(), deepRead(), activated(), silent(), firstResponseOverdue(), repOverloaded());
    }

    public static Alert alert(String id, String type, String leadId, String repId, String message, Map<String, Object> facts) {
        return Alert.newBuilder().setId(id).setType(type).setTeamId("t1").setRepId(repId).setLeadId(leadId)
                .setOccurredAt(OCCURRED).setDetectedAt(DETECTED).setMessage(message).setFacts(facts).build();
    }

    public static WebhookSubscription subscription(WebhookFormat format, String url, String secret) {
        return WebhookSubscription.newBuilder().setId("wh-1").setUrl(url).setFormat(format).setSecret(secret)
                .setCreatedAt(Instant.parse("2026-11-01T00:00:00Z")).build();
    }
}
