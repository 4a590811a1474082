package io.leadpulse.sinks.webhooks.format.robots;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.format.HttpStatusVerdicts;
import io.leadpulse.sinks.webhooks.format.text.AlertText;
import io.leadpulse.sinks.webhooks.format.text.AlertTexts;
import io.leadpulse.sinks.webhooks.format.text.Escaper;
import io.leadpulse.sinks.webhooks.format.text.Summaries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the chat robots have in common: they merge up to {@link #MAX_ALERTS_PER_MESSAGE} alerts into one message (their
 * rate limits are low, and a merged message beats a late one), every message is shrunk until it fits the robot's size
 * limit, and they answer HTTP 200 with their own error code in the body, while other statuses mean what they mean for
 * any webhook.
 */
abstract class ChatRobotFormat implements MessageFormat {
    /** Ten alerts stay readable in one chat message; more would scroll past a manager. */
    static final int MAX_ALERTS_PER_MESSAGE = 10;
    /** How much of a robot's error message is kept for a person. */
    private static final int ERROR_CHARS_KEPT = 200;
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int maxAlertsPerMessage() {
        return MAX_ALERTS_PER_MESSAGE;
    }

    @Override
    public final OutgoingRequest render(WebhookSubscription subscription, List<Alert> alerts, Language language, Instant attemptAt) {
        if (alerts.isEmpty() || alerts.size() > MAX_ALERTS_PER_MESSAGE) {
            throw new IllegalArgumentException("a robot message carries 1 to " + MAX_ALERTS_PER_MESSAGE + " alerts, not " + alerts.size());
        }
        for (Detail detail : Detail.RICHEST_FIRST) {
            Optional<OutgoingRequest> request = renderWithin(subscription, alerts, language, attemptAt, detail);
            if (request.isPresent()) {
                return request.get();
            }
        }
        throw new IllegalStateException(getClass().getSimpleName() + ": " + alerts.size() + " alerts do not fit even one line each");
    }

    /** The request at this level of detail, or empty when it would exceed the robot's size limit. */
    abstract Optional<OutgoingRequest> renderWithin(WebhookSubscription subscription, List<Alert> alerts, Language language,
                                                    Instant attemptAt, Detail detail);

    @Override
    public final Verdict read(Reply reply, Instant receivedAt) {
        return HttpStatusVerdicts.isSuccess(reply) ? readAnswer(reply, receivedAt) : readFailure(reply, receivedAt);
    }

    /** A 2xx answer: the robot's own code in the body says what happened. */
    abstract Verdict readAnswer(Reply reply, Instant receivedAt);

    /** A non-2xx answer: as for any webhook. */
    Verdict readFailure(Reply reply, Instant receivedAt) {
        return HttpStatusVerdicts.of(reply, receivedAt);
    }

    static List<AlertText> texts(List<Alert> alerts, Language language, Escaper escaper, Detail detail) {
        return alerts.stream().map(alert -> AlertTexts.of(alert, language, escaper, detail.budget())).toList();
    }

    /** One markdown text for all the alerts: a single alert as is, several after a summary line. */
    static String markdown(ChatMarkdown markdown, List<Alert> alerts, Language language, Escaper escaper, Detail detail) {
        List<String> parts = texts(alerts, language, escaper, detail).stream()
                .map(text -> markdown.alert(text, true, detail.compact())).toList();
        return parts.size() == 1 ? parts.get(0) : markdown.merged(Summaries.of(alerts, language), parts);
    }

    /** What the title of a message says: the alert's headline, or the summary of several. */
    static String title(List<Alert> alerts, Language language, Escaper escaper, Detail detail) {
        return alerts.size() == 1 ? texts(alerts, language, escaper, detail).get(0).headline() : Summaries.of(alerts, language);
    }

    static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree is always writable", e);
        }
    }

    static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The robot's answer as JSON, if it is JSON. */
    static Optional<JsonNode> json(Reply reply) {
        try {
            JsonNode node = JSON.readTree(reply.body() == null ? "" : reply.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** For a person reading a dead letter: which robot said what. */
    static String error(String robot, String field, long code, String message) {
        String text = robot + " " + field + " " + code + (message == null || message.isBlank() ? "" : ": " + message.strip());
        return text.codePointCount(0, text.length()) <= ERROR_CHARS_KEPT ? text : text.substring(0, text.offsetByCodePoints(0, ERROR_CHARS_KEPT));
    }

    /**
     * Reads the answer of a robot that reports in {@code errcode}/{@code errmsg} (WeCom, DingTalk): 0 is delivered,
     * its rate-limit code waits until {@code rateLimitedUntil}, a code saying the robot is gone disables, anything else
     * is retried with the robot's own words.
     */
    static Verdict readErrcode(String robot, Reply reply, int rateLimited, Instant rateLimitedUntil, Set<Integer> gone) {
        Optional<JsonNode> answer = json(reply).filter(node -> node.path("errcode").isIntegralNumber());
        if (answer.isEmpty()) {
            return unreadable(robot, reply);
        }
        int code = answer.get().get("errcode").asInt();
        if (code == 0) {
            return Verdict.delivered();
        }
        String error = error(robot, "errcode", code, answer.get().path("errmsg").asText(null));
        if (code == rateLimited) {
            return Verdict.retryNotBefore(rateLimitedUntil, error);
        }
        return gone.contains(code) ? Verdict.disable(error) : Verdict.retry(error);
    }

    static Verdict unreadable(String robot, Reply reply) {
        return Verdict.retry(robot + " answered without an error code: " + HttpStatusVerdicts.error(reply));
    }

    /** Robots that count per calendar minute take messages again at the start of the next one. */
    static Instant nextMinute(Instant at) {
        return at.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    }
}
