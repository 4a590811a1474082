package io.leadpulse.sinks.webhooks.format.robots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.signing.DingTalkSignature;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code format: dingtalk}: a DingTalk (钉钉) custom robot, {@code {"msgtype": "markdown", "markdown": {"title",
 * "text"}}}, signed ("加签") with {@code timestamp} and {@code sign} query parameters when the subscription has the
 * robot's secret. DingTalk allows 20 messages a minute per robot and silences a robot that sends more for 10 minutes.
 * A robot secured by keywords or an IP list rejects with its own message, kept for a person on the dead letter.
 */
public final class DingTalkFormat extends ChatRobotFormat {
    /** The whole request body: DingTalk's limit is about 20,000 bytes. */
    static final int BODY_MAX_BYTES = 20_000;
    /** "send too fast": the robot is throttled for 10 minutes. */
    static final int RATE_LIMITED = 130101;
    static final Duration THROTTLED_FOR = Duration.ofMinutes(10);
    /** "token is not exist": the robot was removed or its access token is wrong; retrying cannot help. */
    static final Set<Integer> ROBOT_GONE = Set.of(300001, 300005);
    /** DingTalk joins single line breaks in markdown; a blank line is a line break. */
    private static final ChatMarkdown MARKDOWN = new ChatMarkdown(new ChatMarkdown.Style("**", "\n\n", "> ", " \u00b7 "));

    @Override
    public Optional<RateLimit> rateLimit() {
        return Optional.of(new RateLimit(20, Duration.ofMinutes(1)));
    }

    @Override
    Optional<OutgoingRequest> renderWithin(WebhookSubscription subscription, List<Alert> alerts, Language language,
                                           Instant attemptAt, Detail detail) {
        ObjectNode body = JSON.createObjectNode();
        body.put("msgtype", "markdown");
        body.putObject("markdown")
                .put("title", title(alerts, language, RobotEscapers.CHAT_MARKDOWN, detail))
                .put("text", markdown(MARKDOWN, alerts, language, RobotEscapers.CHAT_MARKDOWN, detail));
        byte[] bytes = bytes(body);
        if (bytes.length > BODY_MAX_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new OutgoingRequest(signedUrl(subscription, attemptAt), Map.of(), bytes));
    }

    private static URI signedUrl(WebhookSubscription subscription, Instant attemptAt) {
        String url = subscription.getUrl();
        if (subscription.getSecret() == null || subscription.getSecret().isEmpty()) {
            return URI.create(url);
        }
        String sign = URLEncoder.encode(DingTalkSignature.sign(subscription.getSecret(), attemptAt), StandardCharsets.UTF_8);
        return URI.create(url + (url.contains("?") ? "&" : "?") + "timestamp=" + attemptAt.toEpochMilli() + "&sign=" + sign);
    }

    @Override
    Verdict readAnswer(Reply reply, Instant receivedAt) {
        // A signature, keyword or IP-list failure (310000) is retried, so that it ends on a dead letter with DingTalk's
        // own explanation rather than silently switching the robot off.
        return readErrcode("DingTalk", reply, RATE_LIMITED, receivedAt.plus(THROTTLED_FOR), ROBOT_GONE);
    }
}
