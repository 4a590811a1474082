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
import io.leadpulse.sinks.webhooks.format.wire.FeishuBot;
import io.leadpulse.sinks.webhooks.format.wire.SampleAlerts;
import io.leadpulse.sinks.webhooks.format.wire.Wire;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeishuFormatTest {
    static final String SECRET = "mK2pQ9vX4tR7wY1zB5nC8d";
    final FeishuFormat format = (FeishuFormat) MessageFormats.of(WebhookFormat.FEISHU);
    final FeishuBot signedBot = new FeishuBot("f19e0c9a-3b2d-4e5f", SECRET);
    final FeishuBot openBot = new FeishuBot("a7c1d2e3-4f5a-6b7c", null);

    @AfterEach
    void stop() {
        signedBot.close();
        openBot.close();
    }

    OutgoingRequest render(String url, String secret, List<Alert> alerts, Language language, Instant at) {
        return format.render(SampleAlerts.subscription(WebhookFormat.FEISHU, url, secret), alerts, language, at);
    }

    @Test
    void aSigningBotPostsCardsInBothLanguages() {
        for (Language language : Language.values()) {
            for (List<Alert> alerts : List.of(List.of(SampleAlerts.activated()), SampleAlerts.everyType())) {
                Reply reply = Wire.send(render(signedBot.webhookUrl(), SECRET, alerts, language, Instant.now()));

                assertThat(reply.body()).contains("\"code\":0");
                assertThat(format.read(reply, Instant.now())).isEqualTo(Verdict.delivered());
            }
        }
    }

    @Test
    void aCardHasAColouredHeaderAndOneMarkdownElementPerAlert() {
        JsonNode single = Rendered.json(render(openBot.webhookUrl(), null, List.of(SampleAlerts.activated()), Language.EN, Instant.now()));
        JsonNode merged = Rendered.json(render(openBot.webhookUrl(), null, SampleAlerts.everyType(), Language.EN, Instant.now()));

        assertThat(single.path("msg_type").asText()).isEqualTo("interactive");
        assertThat(single.has("sign")).isFalse();
        assertThat(single.path("card").path("header").path("template").asText()).isEqualTo("green");
        assertThat(single.path("card").path("header").path("title").path("content").asText())
                .isEqualTo("L-1 got in touch 12 min after opening \u201cCourse outline\u201d");
        assertThat(merged.path("card").path("header").path("template").asText()).isEqualTo("red");
        assertThat(merged.path("card").path("elements").findValuesAsText("tag")).containsExactly(
                "markdown", "hr", "markdown", "hr", "markdown", "hr", "markdown", "hr", "markdown", "hr", "markdown");
        assertThat(Wire.send(render(openBot.webhookUrl(), null, SampleAlerts.everyType(), Language.ZH, Instant.now())).body())
                .contains("\"code\":0");
    }

    @Test
    void aWrongSecretOrAStaleTimestampIsRejectedAndRetriedWithFeishusMessage() {
        Reply wrongSecret = Wire.send(render(signedBot.webhookUrl(), "other-secret", List.of(SampleAlerts.silent()), Language.EN, Instant.now()));
        Reply stale = Wire.send(render(signedBot.webhookUrl(), SECRET, List.of(SampleAlerts.silent()), Language.EN,
                Instant.now().minus(Duration.ofHours(2))));
        Reply unsigned = Wire.send(render(signedBot.webhookUrl(), null, List.of(SampleAlerts.silent()), Language.EN, Instant.now()));

        Verdict expected = Verdict.retry("Feishu code 19021: sign match fail or timestamp is not within one hour from current time");
        assertThat(format.read(wrongSecret, Instant.now())).isEqualTo(expected);
        assertThat(format.read(stale, Instant.now())).isEqualTo(expected);
        assertThat(format.read(unsigned, Instant.now())).isEqualTo(expected);
    }

    @Test
    void aDeletedBotDisablesTheSubscription() {
        Reply reply = Wire.send(render(signedBot.url("/open-apis/bot/v2/hook/deleted"), SECRET, List.of(SampleAlerts.silent()),
                Language.EN, Instant.now()));

        assertThat(format.read(reply, Instant.now()))
                .isEqualTo(Verdict.disable("Feishu code 19001: param invalid: incoming webhook access token invalid"));
    }

    @Test
    void readsFeishusCodesAndItsLegacyStatusCode() {
        Instant now = Instant.parse("2026-11-22T10:00:42Z");
        assertThat(format.read(answer("{\"StatusCode\":0,\"StatusMessage\":\"success\"}"), now)).isEqualTo(Verdict.delivered());
        assertThat(format.read(answer("{\"StatusCode\":19024,\"StatusMessage\":\"Key Words Not Found\"}"), now))
                .isEqualTo(Verdict.retry("Feishu code 19024: Key Words Not Found"));
        assertThat(format.read(answer("{\"code\":11232,\"data\":{},\"msg\":\"frequency limited\"}"), now))
                .isEqualTo(Verdict.retryNotBefore(Instant.parse("2026-11-22T10:01:00Z"), "Feishu code 11232: frequency limited"));
        assertThat(format.read(answer("{\"code\":19001,\"data\":{},\"msg\":\"param invalid: card is invalid\"}"), now).outcome())
                .isEqualTo(Verdict.Outcome.RETRY);
        assertThat(format.read(answer("not json"), now).outcome()).isEqualTo(Verdict.Outcome.RETRY);
        assertThat(format.read(new Reply(500, Map.of(), "internal"), now)).isEqualTo(Verdict.retry("HTTP 500: internal"));
    }

    static Reply answer(String json) {
        return new Reply(200, Map.of(), json);
    }
}
