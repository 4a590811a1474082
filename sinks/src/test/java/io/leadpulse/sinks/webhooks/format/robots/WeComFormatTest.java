package io.leadpulse.sinks.webhooks.format.robots;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.format.MessageFormats;
import io.leadpulse.sinks.webhooks.format.wire.SampleAlerts;
import io.leadpulse.sinks.webhooks.format.wire.WeComRobot;
import io.leadpulse.sinks.webhooks.format.wire.Wire;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeComFormatTest {
    final WeComFormat format = (WeComFormat) MessageFormats.of(WebhookFormat.WECOM);
    final WeComRobot robot = new WeComRobot("693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa");

    @AfterEach
    void stop() {
        robot.close();
    }

    @Test
    void theRobotPostsASingleAlertAndAMergedMessageInBothLanguages() {
        for (Language language : Language.values()) {
            for (List<io.leadpulse.schemas.v1.Alert> alerts : List.of(List.of(SampleAlerts.silent()), SampleAlerts.everyType())) {
                OutgoingRequest request = format.render(SampleAlerts.subscription(WebhookFormat.WECOM,
                        robot.webhookUrl("693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa"), null), alerts, language, Instant.now());

                Reply reply = Wire.send(request);

                assertThat(reply.body()).contains("\"errcode\":0");
                assertThat(format.read(reply, Instant.now())).isEqualTo(Verdict.delivered());
            }
        }
        assertThat(Rendered.json(request(SampleAlerts.silent())).path("msgtype").asText()).isEqualTo("markdown");
    }

    @Test
    void anUnknownKeyDisablesTheSubscription() {
        OutgoingRequest request = format.render(SampleAlerts.subscription(WebhookFormat.WECOM, robot.webhookUrl("wrong-key"), null),
                List.of(SampleAlerts.deepRead()), Language.EN, Instant.now());

        Verdict verdict = format.read(Wire.send(request), Instant.now());

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.DISABLE);
        assertThat(verdict.error()).startsWith("WeCom errcode 93000: invalid webhook url");
    }

    @Test
    void readsWeComsErrorCodes() {
        Instant now = Instant.parse("2026-11-22T10:00:42Z");
        assertThat(format.read(answer("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"), now))
                .isEqualTo(Verdict.retryNotBefore(Instant.parse("2026-11-22T10:01:00Z"), "WeCom errcode 45009: api freq out of limit"));
        assertThat(format.read(answer("{\"errcode\":40058,\"errmsg\":\"markdown.content exceed max length 4096\"}"), now))
                .isEqualTo(Verdict.retry("WeCom errcode 40058: markdown.content exceed max length 4096"));
        assertThat(format.read(answer("<html>proxy error</html>"), now).outcome()).isEqualTo(Verdict.Outcome.RETRY);
        assertThat(format.read(new Reply(502, Map.of(), "bad gateway"), now)).isEqualTo(Verdict.retry("HTTP 502: bad gateway"));
        assertThat(format.read(new Reply(410, Map.of(), ""), now).outcome()).isEqualTo(Verdict.Outcome.DISABLE);
    }

    private OutgoingRequest request(io.leadpulse.schemas.v1.Alert alert) {
        return format.render(SampleAlerts.subscription(WebhookFormat.WECOM, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", null),
                List.of(alert), Language.EN, Instant.now());
    }

    static Reply answer(String json) {
        return new Reply(200, Map.of("content-type", "application/json"), json);
    }
}
