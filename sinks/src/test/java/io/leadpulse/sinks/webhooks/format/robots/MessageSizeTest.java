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
import io.leadpulse.sinks.webhooks.format.wire.DingTalkRobot;
import io.leadpulse.sinks.webhooks.format.wire.FakeReceiver;
import io.leadpulse.sinks.webhooks.format.wire.FeishuBot;
import io.leadpulse.sinks.webhooks.format.wire.SampleAlerts;
import io.leadpulse.sinks.webhooks.format.wire.SlackWebhook;
import io.leadpulse.sinks.webhooks.format.wire.WeComRobot;
import io.leadpulse.sinks.webhooks.format.wire.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ten merged alerts with long customer texts stay under every robot's size limit, and none of them is lost. */
class MessageSizeTest {
    static final String LONG_ZH = "您好，我们想了解一下贵公司PLC接口规格的详细参数以及批量采购二十套的报价，另外交付周期和售后服务条款也请一并说明。".repeat(20);
    static final String LONG_EN = "Could you please send the full PLC interface specification and a quote for twenty seats \ud83d\ude4f ".repeat(30);

    static List<Alert> tenLongSilentLeads() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String lead = "LEAD-" + i + "-" + "客户编号".repeat(30);
            alerts.add(SampleAlerts.silent(lead, List.of(LONG_ZH, LONG_EN, LONG_ZH + LONG_EN)));
        }
        return alerts;
    }

    @Test
    void tenLongAlertsFitEveryRobotAndTheRobotsAcceptThem() {
        try (WeComRobot wecom = new WeComRobot("k1");
             DingTalkRobot dingtalk = new DingTalkRobot("t1", "SECs1");
             FeishuBot feishu = new FeishuBot("h1", "fs1");
             SlackWebhook slack = new SlackWebhook("T1/B1/x1")) {
            for (Language language : Language.values()) {
                send(WebhookFormat.WECOM, wecom, wecom.webhookUrl("k1"), null, language);
                send(WebhookFormat.DINGTALK, dingtalk, dingtalk.webhookUrl(), "SECs1", language);
                send(WebhookFormat.FEISHU, feishu, feishu.webhookUrl(), "fs1", language);
                send(WebhookFormat.SLACK, slack, slack.webhookUrl("T1/B1/x1"), null, language);
            }
        }
    }

    private static void send(WebhookFormat format, FakeReceiver robot, String url, String secret, Language language) {
        List<Alert> alerts = tenLongSilentLeads();
        OutgoingRequest request = MessageFormats.of(format).render(SampleAlerts.subscription(format, url, secret), alerts, language, Instant.now());

        assertWithinLimit(format, request);
        String text = Rendered.text(format, request);
        for (int i = 0; i < alerts.size(); i++) {
            assertThat(text).as(format + " " + language + " alert " + i).contains("LEAD-" + i + "-");
        }
        Reply reply = Wire.send(request);
        assertThat(MessageFormats.of(format).read(reply, Instant.now())).as(format + " " + language + ": " + reply.body())
                .isEqualTo(Verdict.delivered());
    }

    static void assertWithinLimit(WebhookFormat format, OutgoingRequest request) {
        JsonNode body = Rendered.json(request);
        switch (format) {
            case WECOM -> assertThat(body.path("markdown").path("content").asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
            case DINGTALK, FEISHU -> assertThat(request.body().length).isLessThanOrEqualTo(20_000);
            case SLACK -> {
                assertThat(body.path("blocks").size()).isLessThanOrEqualTo(50);
                assertThat(body.path("text").asText().length()).isLessThanOrEqualTo(3000);
                body.path("blocks").forEach(block -> assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3000));
            }
            default -> throw new IllegalArgumentException(format.toString());
        }
    }

    @Test
    void aSingleAlertKeepsTheCustomersWordsShortenedWithAnEllipsis() {
        for (WebhookFormat format : List.of(WebhookFormat.WECOM, WebhookFormat.DINGTALK, WebhookFormat.FEISHU, WebhookFormat.SLACK)) {
            OutgoingRequest request = MessageFormats.of(format).render(SampleAlerts.subscription(format, "https://robot.example/h?k=1", null),
                    List.of(SampleAlerts.silent("L-1", List.of(LONG_ZH, "Thanks!"))), Language.ZH, Instant.now());

            assertWithinLimit(format, request);
            assertThat(Rendered.text(format, request)).as(format.toString())
                    .contains(LONG_ZH.substring(0, 60)).contains("\u2026").contains("Thanks!").doesNotContain(LONG_ZH.substring(0, 400));
        }
    }

    @Test
    void aMergedMessageOpensWithItsSummary() {
        OutgoingRequest request = MessageFormats.of(WebhookFormat.WECOM).render(
                SampleAlerts.subscription(WebhookFormat.WECOM, "https://robot.example/h?k=1", null),
                List.of(SampleAlerts.silent(), SampleAlerts.deepRead()), Language.ZH, Instant.now());

        assertThat(Rendered.text(WebhookFormat.WECOM, request)).startsWith("**LeadPulse 共 2 条提醒：线索沉默 1 条，深度阅读 1 条**\n\n**L-1 已沉默 3 天**\n**线索**：L-1");
    }
}
