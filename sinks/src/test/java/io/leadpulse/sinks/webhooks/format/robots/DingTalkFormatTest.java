package io.leadpulse.sinks.webhooks.format.robots;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.format.MessageFormats;
import io.leadpulse.sinks.webhooks.format.wire.DingTalkRobot;
import io.leadpulse.sinks.webhooks.format.wire.SampleAlerts;
import io.leadpulse.sinks.webhooks.format.wire.Wire;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DingTalkFormatTest {
    static final String SECRET = "SEC1f9a7c3e5b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a";
    final DingTalkFormat format = (DingTalkFormat) MessageFormats.of(WebhookFormat.DINGTALK);
    final DingTalkRobot signedRobot = new DingTalkRobot("b955f3", SECRET);
    final DingTalkRobot openRobot = new DingTalkRobot("c077a1", null);

    @AfterEach
    void stop() {
        signedRobot.close();
        openRobot.close();
    }

    OutgoingRequest render(String url, String secret, List<Alert> alerts, Language language, Instant at) {
        return format.render(SampleAlerts.subscription(WebhookFormat.DINGTALK, url, secret), alerts, language, at);
    }

    @Test
    void aSigningRobotPostsSignedMessagesInBothLanguages() {
        for (Language language : Language.values()) {
            for (List<Alert> alerts : List.of(List.of(SampleAlerts.firstResponseOverdue()), SampleAlerts.everyType())) {
                Reply reply = Wire.send(render(signedRobot.webhookUrl(), SECRET, alerts, language, Instant.now()));

                assertThat(reply.body()).contains("\"errcode\":0");
                assertThat(format.read(reply, Instant.now())).isEqualTo(Verdict.delivered());
            }
        }
        assertThat(signedRobot.received.get(0).query()).containsKeys("access_token", "timestamp", "sign");
    }

    @Test
    void aRobotWithoutSigningGetsNoSignature() {
        Reply reply = Wire.send(render(openRobot.webhookUrl(), null, List.of(SampleAlerts.silent()), Language.ZH, Instant.now()));

        assertThat(format.read(reply, Instant.now())).isEqualTo(Verdict.delivered());
        assertThat(openRobot.received.get(0).query()).containsOnlyKeys("access_token");
    }

    @Test
    void aWrongSecretOrAStaleTimestampIsRejectedAndRetriedWithDingTalksExplanation() {
        Reply wrongSecret = Wire.send(render(signedRobot.webhookUrl(), "SECwrong", List.of(SampleAlerts.silent()), Language.EN, Instant.now()));
        Reply stale = Wire.send(render(signedRobot.webhookUrl(), SECRET, List.of(SampleAlerts.silent()), Language.EN,
                Instant.now().minus(Duration.ofHours(2))));

        Verdict verdict = format.read(wrongSecret, Instant.now());
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.RETRY);
        assertThat(verdict.error()).startsWith("DingTalk errcode 310000: description:机器人发送签名不匹配");
        assertThat(format.read(stale, Instant.now())).isEqualTo(Verdict.retry("DingTalk errcode 310000: invalid timestamp"));
    }

    @Test
    void anUnknownTokenDisablesTheSubscription() {
        String url = signedRobot.url("/robot/send?access_token=deleted");
        Verdict verdict = format.read(Wire.send(render(url, SECRET, List.of(SampleAlerts.deepRead()), Language.EN, Instant.now())), Instant.now());

        assertThat(verdict).isEqualTo(Verdict.disable("DingTalk errcode 300001: token is not exist"));
    }

    @Test
    void theSignatureIsAddedToTheRobotsOwnQuery() {
        Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
        OutgoingRequest request = render("https://oapi.dingtalk.com/robot/send?access_token=abc", "SECa1b2c3",
                List.of(SampleAlerts.deepRead()), Language.EN, at);

        // printf '1700000000000\nSECa1b2c3' | openssl dgst -sha256 -hmac 'SECa1b2c3' -binary | base64, URL-encoded
        assertThat(request.url().toString()).isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=abc"
                + "&timestamp=1700000000000&sign=r3A3qrlgRa%2BTdR5aXyvO01zn0wmdf5B%2FXKtKbV42SDc%3D");
    }

    @Test
    void readsDingTalksErrorCodes() {
        Instant now = Instant.parse("2026-11-22T10:00:42Z");
        assertThat(format.read(answer("{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}"), now))
                .isEqualTo(Verdict.retryNotBefore(now.plus(Duration.ofMinutes(10)), "DingTalk errcode 130101: send too fast, exceed 20 times per minute"));
        assertThat(format.read(answer("{\"errcode\":300005,\"errmsg\":\"token is not exist\"}"), now).outcome()).isEqualTo(Verdict.Outcome.DISABLE);
        assertThat(format.read(answer("{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}"), now))
                .isEqualTo(Verdict.retry("DingTalk errcode 310000: keywords not in content"));
        assertThat(format.read(answer("{\"errmsg\":\"ok\"}"), now).outcome()).isEqualTo(Verdict.Outcome.RETRY);
        assertThat(format.read(new Reply(503, Map.of("retry-after", "30"), ""), now)).isEqualTo(Verdict.retryNotBefore(now.plusSeconds(30), "HTTP 503"));
    }

    static Reply answer(String json) {
        return new Reply(200, Map.of(), json);
    }
}
