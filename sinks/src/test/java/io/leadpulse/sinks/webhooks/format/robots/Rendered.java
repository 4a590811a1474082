package io.leadpulse.sinks.webhooks.format.robots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a person would see of a rendered robot message: every text the robot displays, joined by line breaks. */
final class Rendered {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rendered() {
    }

    static JsonNode json(OutgoingRequest request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new AssertionError("a robot body is JSON", e);
        }
    }

    static String text(WebhookFormat format, OutgoingRequest request) {
        JsonNode body = json(request);
        List<String> texts = new ArrayList<>();
        switch (format) {
            case WECOM -> texts.add(body.path("markdown").path("content").asText());
            case DINGTALK -> {
                texts.add(body.path("markdown").path("title").asText());
                texts.add(body.path("markdown").path("text").asText());
            }
            case FEISHU -> {
                texts.add(body.path("card").path("header").path("title").path("content").asText());
                body.path("card").path("elements").forEach(element -> texts.add(element.path("content").asText()));
            }
            case SLACK -> {
                texts.add(body.path("text").asText());
                body.path("blocks").forEach(block -> texts.add(block.path("text").path("text").asText()));
            }
            default -> throw new IllegalArgumentException(format.toString());
        }
        return String.join("\n", texts);
    }
}
