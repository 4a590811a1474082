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
import io.leadpulse.sinks.webhooks.format.text.AlertText;
import io.leadpulse.sinks.webhooks.format.text.Escaper;
import io.leadpulse.sinks.webhooks.signing.FeishuSignature;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code format: feishu}: a Feishu/Lark custom bot (自定义机器人), an {@code interactive} card: a coloured header that
 * says what happened, then each alert in a markdown element. Signed in the body ({@code timestamp}, {@code sign}) when
 * the subscription has the bot's secret. Feishu takes request bodies up to 20 KB, and 100 messages a minute and 5 a
 * second per bot.
 */
public final class FeishuFormat extends ChatRobotFormat {
    /** The whole request body, a little under Feishu's 20 KB. */
    static final int BODY_MAX_BYTES = 20_000;
    static final int OK = 0;
    /** Flow control: the bot sent more than its limit. */
    static final int RATE_LIMITED = 11232;
    /** "param invalid"; with "incoming webhook access token invalid" it means the bot's URL no longer exists. */
    static final int PARAM_INVALID = 19001;
    /** Alerts that ask a manager to act get a red header; good news green; the rest blue. */
    private static final Set<String> NEEDS_ACTION = Set.of("lead.silent", "lead.first_response_overdue", "rep.overloaded");
    private static final ChatMarkdown MARKDOWN = new ChatMarkdown(new ChatMarkdown.Style("**", "\n", "\u00b7 ", " \u00b7 "));

    @Override
    public Optional<RateLimit> rateLimit() {
        // 5 per 3 s keeps both of Feishu's limits: never more than 5 in a second, and 100 a minute.
        return Optional.of(new RateLimit(5, Duration.ofSeconds(3)));
    }

    @Override
    Optional<OutgoingRequest> renderWithin(WebhookSubscription subscription, List<Alert> alerts, Language language,
                                           Instant attemptAt, Detail detail) {
        ObjectNode body = JSON.createObjectNode();
        if (subscription.getSecret() != null && !subscription.getSecret().isEmpty()) {
            body.put("timestamp", Long.toString(attemptAt.getEpochSecond()));
            body.put("sign", FeishuSignature.sign(subscription.getSecret(), attemptAt));
        }
        body.put("msg_type", "interactive");
        ObjectNode card = body.putObject("card");
        card.putObject("config").put("wide_screen_mode", true);
        ObjectNode header = card.putObject("header");
        // The header is plain text: shown literally, so it needs no escaping, only the cleaning every text gets.
        header.putObject("title").put("tag", "plain_text").put("content", title(alerts, language, Escaper.LITERAL, detail));
        header.put("template", colour(alerts));
        ArrayNode elements = card.putArray("elements");
        List<AlertText> texts = texts(alerts, language, RobotEscapers.FEISHU, detail);
        for (AlertText text : texts) {
            if (elements.size() > 0) {
                elements.addObject().put("tag", "hr");
            }
            elements.addObject().put("tag", "markdown").put("content", MARKDOWN.alert(text, texts.size() > 1, detail.compact()));
        }
        byte[] bytes = bytes(body);
        if (bytes.length > BODY_MAX_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new OutgoingRequest(URI.create(subscription.getUrl()), Map.of(), bytes));
    }

    private static String colour(List<Alert> alerts) {
        if (alerts.stream().anyMatch(alert -> NEEDS_ACTION.contains(alert.getType()))) {
            return "red";
        }
        return alerts.stream().allMatch(alert -> "lead.activated".equals(alert.getType())) ? "green" : "blue";
    }

    @Override
    Verdict readAnswer(Reply reply, Instant receivedAt) {
        // Current bots answer {"code", "msg"}; older ones {"StatusCode", "StatusMessage"}.
        Optional<JsonNode> answer = json(reply);
        String codeField = answer.filter(node -> node.path("code").isIntegralNumber()).isPresent() ? "code" : "StatusCode";
        if (answer.isEmpty() || !answer.get().path(codeField).isIntegralNumber()) {
            return unreadable("Feishu", reply);
        }
        int code = answer.get().get(codeField).asInt();
        String message = answer.get().path("code".equals(codeField) ? "msg" : "StatusMessage").asText(null);
        String error = error("Feishu", "code", code, message);
        if (code == OK) {
            return Verdict.delivered();
        }
        if (code == RATE_LIMITED) {
            return Verdict.retryNotBefore(nextMinute(receivedAt), error);
        }
        if (code == PARAM_INVALID && message != null && message.toLowerCase(Locale.ROOT).contains("access token invalid")) {
            return Verdict.disable(error);
        }
        // Signature (19021), keyword (19024) and IP-list (19022) failures are retried to end on a readable dead letter.
        return Verdict.retry(error);
    }
}
