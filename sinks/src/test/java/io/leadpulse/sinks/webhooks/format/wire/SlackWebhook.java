package io.leadpulse.sinks.webhooks.format.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Slack incoming webhook: {@code POST /services/<T>/<B>/<secret>}; 404 {@code no_service} for an unknown one,
 * 400 {@code invalid_payload} for a message without text, over 50 blocks or a section text over 3000 characters,
 * otherwise 200 {@code ok} as plain text.
 */
public final class SlackWebhook extends FakeReceiver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String path;

    public SlackWebhook(String secretPath) {
        this.path = "/services/" + secretPath;
    }

    public String webhookUrl(String secretPath) {
        return url("/services/" + secretPath);
    }

    @Override
    protected Answer answer(Received request) {
        if (!path.equals(request.uri().getPath())) {
            return new Answer(404, "text/html", "no_service");
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            JsonNode blocks = body.path("blocks");
            if (body.path("text").asText("").isEmpty() || !blocks.isArray() || blocks.size() > 50) {
                return new Answer(400, "text/html", "invalid_payload");
            }
            for (JsonNode block : blocks) {
                String type = block.path("type").asText();
                boolean section = type.equals("section") && block.path("text").path("type").asText().equals("mrkdwn")
                        && !block.path("text").path("text").asText("").isEmpty()
                        && block.path("text").path("text").asText().length() <= 3000;
                if (!section && !type.equals("divider")) {
                    return new Answer(400, "text/html", "invalid_blocks");
                }
            }
        } catch (Exception e) {
            return new Answer(400, "text/html", "invalid_payload");
        }
        return new Answer(200, "text/html", "ok");
    }
}
