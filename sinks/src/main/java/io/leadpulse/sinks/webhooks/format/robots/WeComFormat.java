package io.leadpulse.sinks.webhooks.format.robots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code format: wecom}: a WeCom (企业微信) group robot, {@code {"msgtype": "markdown", "markdown": {"content"}}}. The
 * robot's key is its URL, so there is nothing to sign. WeCom caps markdown content at 4096 UTF-8 bytes and a robot at
 * 20 messages a minute.
 */
public final class WeComFormat extends ChatRobotFormat {
    static final int CONTENT_MAX_BYTES = 4096;
    /** "api freq out of limit": more than 20 messages this minute. */
    static final int RATE_LIMITED = 45009;
    /** "invalid webhook url": the robot was removed from its group or the key is wrong; retrying cannot help. */
    static final Set<Integer> ROBOT_GONE = Set.of(93000);
    private static final ChatMarkdown MARKDOWN = new ChatMarkdown(ChatMarkdown.COMMON);

    @Override
    public Optional<RateLimit> rateLimit() {
        return Optional.of(new RateLimit(20, Duration.ofMinutes(1)));
    }

    @Override
    Optional<OutgoingRequest> renderWithin(WebhookSubscription subscription, List<Alert> alerts, Language language,
                                           Instant attemptAt, Detail detail) {
        String content = markdown(MARKDOWN, alerts, language, RobotEscapers.CHAT_MARKDOWN, detail);
        if (utf8Bytes(content) > CONTENT_MAX_BYTES) {
            return Optional.empty();
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("msgtype", "markdown");
        body.putObject("markdown").put("content", content);
        return Optional.of(new OutgoingRequest(URI.create(subscription.getUrl()), Map.of(), bytes(body)));
    }

    @Override
    Verdict readAnswer(Reply reply, Instant receivedAt) {
        return readErrcode("WeCom", reply, RATE_LIMITED, nextMinute(receivedAt), ROBOT_GONE);
    }
}
