package io.leadpulse.sinks.webhooks.format.robots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.format.HttpStatusVerdicts;
import io.leadpulse.sinks.webhooks.format.text.AlertText;
import io.leadpulse.sinks.webhooks.format.text.Summaries;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code format: slack}: a Slack incoming webhook, {@code text} (the notification) plus one mrkdwn section block per
 * alert. Slack answers a plain {@code ok}, errors as HTTP statuses with a short code in the body, and takes about one
 * message a second per webhook; a section's text holds at most 3000 characters and a message 50 blocks.
 */
public final class SlackFormat extends ChatRobotFormat {
    static final int TEXT_MAX_CHARS = 3000;
    static final int MAX_BLOCKS = 50;
    /** Errors that mean the webhook or its channel is gone for good; retrying cannot help. */
    static final Set<String> WEBHOOK_GONE = Set.of("no_service", "no_team", "team_disabled", "invalid_token",
            "no_active_hooks", "channel_not_found", "channel_is_archived");
    private static final ChatMarkdown MARKDOWN = new ChatMarkdown(new ChatMarkdown.Style("*", "\n", "> ", " \u00b7 "));

    @Override
    public Optional<RateLimit> rateLimit() {
        return Optional.of(new RateLimit(1, Duration.ofSeconds(1)));
    }

    @Override
    Optional<OutgoingRequest> renderWithin(WebhookSubscription subscription, List<Alert> alerts, Language language,
                                           Instant attemptAt, Detail detail) {
        List<AlertText> texts = texts(alerts, language, RobotEscapers.SLACK, detail);
        ObjectNode body = JSON.createObjectNode();
        String notification = texts.size() == 1 ? texts.get(0).headline() : Summaries.of(alerts, language);
        body.put("text", notification);
        ArrayNode blocks = body.putArray("blocks");
        if (texts.size() > 1) {
            section(blocks, MARKDOWN.bold(notification));
        }
        for (AlertText text : texts) {
            if (!blocks.isEmpty()) {
                blocks.addObject().put("type", "divider");
            }
            section(blocks, MARKDOWN.alert(text, true, detail.compact()));
        }
        boolean fits = notification.length() <= TEXT_MAX_CHARS && blocks.size() <= MAX_BLOCKS;
        for (JsonNode block : blocks) {
            fits &= block.path("text").path("text").asText().length() <= TEXT_MAX_CHARS;
        }
        return fits ? Optional.of(new OutgoingRequest(URI.create(subscription.getUrl()), Map.of(), bytes(body))) : Optional.empty();
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    }

    @Override
    Verdict readAnswer(Reply reply, Instant receivedAt) {
        return Verdict.delivered();
    }

    @Override
    Verdict readFailure(Reply reply, Instant receivedAt) {
        String code = reply.body() == null ? "" : reply.body().strip();
        if (WEBHOOK_GONE.contains(code)) {
            return Verdict.disable("Slack " + HttpStatusVerdicts.error(reply));
        }
        return HttpStatusVerdicts.of(reply, receivedAt);
    }
}
