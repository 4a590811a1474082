package io.leadpulse.gateway.events;

import static io.leadpulse.gateway.RunningGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.ActivityEvent;
import io.leadpulse.schemas.v1.Actor;
import io.leadpulse.schemas.v1.LeadEvent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventsApiTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    @Test
    void validEventsArePublishedKeyedByLeadAndInvalidOnesAreRejectedByIndex() {
        HttpResponse<String> response = gateway.postJson(gateway.authorized("/v1/events"), """
                [{"id": "crm-1", "type": "activity.message", "teamId": "t1", "leadId": "L-ev-1", "repId": "r7",
                  "actor": "customer", "occurredAt": "2026-01-15T09:30:00Z", "text": "Can you send the PLC interface spec?",
                  "attributes": {"channel": "wecom"}},
                 {"id": "crm-2", "type": "lead.assigned", "teamId": "t1", "leadId": "L-ev-1", "repId": "r8", "actor": "system"},
                 {"id": "crm-3", "type": "activity.teleport", "teamId": "t1", "leadId": "L-ev-1"},
                 {"id": "crm-4", "type": "lead.assigned", "teamId": "t1", "leadId": "L-ev-1"},
                 {"type": "activity.call", "teamId": "t1", "leadId": "L-ev-1"},
                 {"id": "crm-6", "type": "activity.call", "teamId": "t1", "leadId": "L-ev-1", "occurredAt": "2999-01-01T00:00:00Z"},
                 {"id": "crm-7", "type": "activity.call", "teamId": "t1", "leadId": "L-ev-1", "actor": "robot"},
                 {"id": "crm-8", "type": "lead.closed", "teamId": "t1", "leadId": "L-ev-1", "attributes": {"outcome": "maybe"}},
                 {"id": "crm-9", "type": "activity.call", "teamId": "t1", "leadId": "L-ev-1", "attributes": {"n": 3}},
                 "not an object",
                 {"id": 10, "type": "activity.call", "teamId": "t1", "leadId": "L-ev-1"},
                 {"id": "crm-11", "type": "lead.closed", "teamId": "t1", "leadId": "L-ev-1"}]""");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("rejected").findValuesAsText("index")).containsExactly("2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
        assertThat(answer.get("rejected").get(0).get("error").asText()).contains("type must be one of");
        assertThat(answer.get("rejected").get(1).get("error").asText()).contains("repId is required");
        assertThat(answer.get("rejected").get(2).get("error").asText()).contains("id is required");
        assertThat(answer.get("rejected").get(3).get("error").asText()).contains("future");
        assertThat(answer.get("rejected").get(4).get("error").asText()).contains("actor");
        assertThat(answer.get("rejected").get(5).get("error").asText()).contains("outcome");
        assertThat(answer.get("rejected").get(6).get("error").asText()).contains("attributes.n");
        assertThat(answer.get("rejected").get(7).get("error").asText()).contains("JSON object");
        assertThat(answer.get("rejected").get(8).get("error").asText()).contains("id must be a string");
        assertThat(answer.get("rejected").get(9).get("error").asText()).contains("outcome");
        assertThat(gateway.records(Topics.EVENTS, ActivityEvent.class, e -> e.getLeadId().equals("L-ev-1"), 1))
                .extracting(r -> r.value().getId()).containsExactly("crm-1");
        assertThat(gateway.records(Topics.EVENTS, LeadEvent.class, e -> e.getLeadId().equals("L-ev-1"), 1))
                .extracting(r -> r.value().getId()).containsExactly("crm-2");
    }

    @Test
    void anActivityAndALeadEventArriveInKafkaAsTheirRecords() {
        gateway.postJson(gateway.authorized("/v1/events"), """
                [{"id": "crm-a", "type": "activity.inquiry", "teamId": "t1", "leadId": "L-ev-2", "actor": "customer",
                  "occurredAt": "2026-01-15T09:30:00Z", "text": "Price for 20 seats?", "attributes": {"channel": "web"}},
                 {"id": "crm-b", "type": "lead.stage_changed", "teamId": "t1", "leadId": "L-ev-2", "attributes": {"stage": "demo"}}]""");

        var activities = gateway.records(Topics.EVENTS, ActivityEvent.class, e -> e.getLeadId().equals("L-ev-2"), 1);
        var leads = gateway.records(Topics.EVENTS, LeadEvent.class, e -> e.getLeadId().equals("L-ev-2"), 1);

        assertThat(activities).hasSize(1);
        ActivityEvent inquiry = activities.get(0).value();
        assertThat(activities.get(0).key()).isEqualTo("L-ev-2");
        assertThat(inquiry.getId()).isEqualTo("crm-a");
        assertThat(inquiry.getActor()).isEqualTo(Actor.CUSTOMER);
        assertThat(inquiry.getOccurredAt()).isEqualTo(Instant.parse("2026-01-15T09:30:00Z"));
        assertThat(inquiry.getText()).isEqualTo("Price for 20 seats?");
        assertThat(inquiry.getAttributes()).containsEntry("channel", "web");
        assertThat(leads).hasSize(1);
        LeadEvent stage = leads.get(0).value();
        assertThat(stage.getActor()).isEqualTo(Actor.SYSTEM);
        assertThat(stage.getAttributes()).containsEntry("stage", "demo");
        assertThat(stage.getOccurredAt()).isEqualTo(stage.getReceivedAt());
    }

    @Test
    void sendingTheSameIdAgainHasNoFurtherEffect() {
        String batch = "[{\"id\": \"crm-once\", \"type\": \"activity.call\", \"teamId\": \"t1\", \"leadId\": \"L-ev-3\", \"actor\": \"rep\"},"
                + " {\"id\": \"crm-once\", \"type\": \"activity.call\", \"teamId\": \"t1\", \"leadId\": \"L-ev-3\", \"actor\": \"rep\"}]";

        HttpResponse<String> first = gateway.postJson(gateway.authorized("/v1/events"), batch);
        HttpResponse<String> again = gateway.postJson(gateway.authorized("/v1/events"), batch);

        // Events of one lead travel in order; once this later one is in Kafka, any duplicate would be too.
        gateway.postJson(gateway.authorized("/v1/events"),
                "[{\"id\": \"crm-after\", \"type\": \"activity.call\", \"teamId\": \"t1\", \"leadId\": \"L-ev-3\", \"actor\": \"rep\"}]");

        assertThat(json(first).get("accepted").asInt()).isEqualTo(2);
        assertThat(json(again).get("accepted").asInt()).isEqualTo(2);
        assertThat(gateway.records(Topics.EVENTS, ActivityEvent.class, e -> e.getLeadId().equals("L-ev-3"), 2))
                .extracting(r -> r.value().getId()).containsExactly("crm-once", "crm-after");
    }

    @Test
    void wholeBatchProblemsGetTheContractsStatus() {
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i <= 1000; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"id\": \"x").append(i).append("\"}");
        }
        String huge = "[{\"id\": \"big\", \"type\": \"activity.note\", \"teamId\": \"t1\", \"leadId\": \"L\", \"text\": \""
                + "x".repeat(1024 * 1024) + "\"}]";

        assertThat(gateway.postJson(gateway.authorized("/v1/events"), tooMany + "]").statusCode()).isEqualTo(413);
        assertThat(gateway.postJson(gateway.authorized("/v1/events"), huge).statusCode()).isEqualTo(413);
        assertThat(gateway.postJson(gateway.authorized("/v1/events"), "{\"id\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(gateway.postJson(gateway.authorized("/v1/events"), "[").statusCode()).isEqualTo(400);
        assertThat(gateway.send(gateway.authorized("/v1/events").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("id,type"))).statusCode()).isEqualTo(415);
        assertThat(gateway.postJson(gateway.request("/v1/events"), "[]").statusCode()).isEqualTo(401);
        HttpResponse<String> empty = gateway.postJson(gateway.authorized("/v1/events"), "[]");
        assertThat(empty.statusCode()).isEqualTo(202);
        assertThat(json(empty).get("accepted").asInt()).isZero();
    }
}
