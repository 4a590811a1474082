package io.leadpulse.sinks.webhooks.format.robots;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.format.MessageFormats;
import io.leadpulse.sinks.webhooks.format.wire.SampleAlerts;
import io.leadpulse.sinks.webhooks.format.wire.SlackWebhook;
import io.leadpulse.sinks.webhooks.format.wire.Wire;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackFormatTest {
    static final String HOOK = "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    final SlackFormat format = (SlackFormat) MessageFormats.of(WebhookFormat.SLACK);
    final SlackWebhook slack = new SlackWebhook(HOOK);

    @AfterEach
    void stop() {
        slack.close();
    }

    OutgoingRequest render(String hook, List<Alert> alerts, Language language) {
        return format.render(SampleAlerts.subscription(WebhookFormat.SLACK, slack.webhookUrl(hook), null), alerts, language, Instant.now());
    }

    @Test
    void theWebhookPostsASingleAlertAndAMergedMessageInBothLanguages() {
        for (Language language : Language.values()) {
            for (List<Alert> alerts : List.of(List.of(SampleAlerts.repOverloaded()), SampleAlerts.everyType())) {
                Reply reply = Wire.send(render(HOOK, alerts, language));

                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.body()).isEqualTo("ok");
                assertThat(format.read(reply, Instant.now())).isEqualTo(Verdict.delivered());
            }
        }
    }

    @Test
    void aMergedMessageIsASummaryThenOneSectionPerAlert() {
        JsonNode body = Rendered.json(render(HOOK, SampleAlerts.everyType(), Language.EN));

        assertThat(body.path("text").asText()).isEqualTo("6 LeadPulse alerts: 1 \u00d7 Content opened, 1 \u00d7 Deep read, "
                + "1 \u00d7 Lead activated, 1 \u00d7 Lead silent, 1 \u00d7 First response overdue, 1 \u00d7 Rep overloaded");
        assertThat(body.path("blocks").findValuesAsText("type")).containsExactly("section", "mrkdwn", "divider",
                "section", "mrkdwn", "divider", "section", "mrkdwn", "divider", "section", "mrkdwn", "divider",
                "section", "mrkdwn", "divider", "section", "mrkdwn", "divider", "section", "mrkdwn");
        assertThat(body.path("blocks").get(2).path("text").path("text").asText()).startsWith("*L-1 opened \u201cCourse outline\u201d*\n*Lead*: L-1");
    }

    @Test
    void anUnknownWebhookDisablesTheSubscription() {
        Verdict verdict = format.read(Wire.send(render("T00000000/B00000000/revoked", List.of(SampleAlerts.silent()), Language.EN)), Instant.now());

        assertThat(verdict).isEqualTo(Verdict.disable("Slack HTTP 404: no_service"));
    }

    @Test
    void readsSlacksErrors() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        assertThat(format.read(new Reply(410, Map.of(), "channel_is_archived"), now)).isEqualTo(Verdict.disable("Slack HTTP 410: channel_is_archived"));
        assertThat(format.read(new Reply(404, Map.of(), "channel_not_found"), now).outcome()).isEqualTo(Verdict.Outcome.DISABLE);
        assertThat(format.read(new Reply(403, Map.of(), "invalid_token"), now).outcome()).isEqualTo(Verdict.Outcome.DISABLE);
        assertThat(format.read(new Reply(429, Map.of("retry-after", "30"), "rate_limited"), now))
                .isEqualTo(Verdict.retryNotBefore(now.plusSeconds(30), "HTTP 429: rate_limited"));
        assertThat(format.read(new Reply(400, Map.of(), "invalid_payload"), now)).isEqualTo(Verdict.retry("HTTP 400: invalid_payload"));
        assertThat(format.read(new Reply(403, Map.of(), "action_prohibited"), now)).isEqualTo(Verdict.retry("HTTP 403: action_prohibited"));
        assertThat(format.read(new Reply(500, Map.of(), "rollup_error"), now)).isEqualTo(Verdict.retry("HTTP 500: rollup_error"));
    }
}
