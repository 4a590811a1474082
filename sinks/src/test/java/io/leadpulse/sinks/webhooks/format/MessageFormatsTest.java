package io.leadpulse.sinks.webhooks.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.sinks.webhooks.MessageFormat.RateLimit;
import io.leadpulse.sinks.webhooks.format.robots.DingTalkFormat;
import io.leadpulse.sinks.webhooks.format.robots.FeishuFormat;
import io.leadpulse.sinks.webhooks.format.robots.SlackFormat;
import io.leadpulse.sinks.webhooks.format.robots.WeComFormat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageFormatsTest {
    @Test
    void eachSubscriptionFormatHasItsMessageFormat() {
        assertThat(MessageFormats.of(WebhookFormat.STANDARD)).isInstanceOf(StandardWebhooksFormat.class);
        assertThat(MessageFormats.of(WebhookFormat.WECOM)).isInstanceOf(WeComFormat.class);
        assertThat(MessageFormats.of(WebhookFormat.DINGTALK)).isInstanceOf(DingTalkFormat.class);
        assertThat(MessageFormats.of(WebhookFormat.FEISHU)).isInstanceOf(FeishuFormat.class);
        assertThat(MessageFormats.of(WebhookFormat.SLACK)).isInstanceOf(SlackFormat.class);
    }

    @Test
    void anUnknownFormatHasNone() {
        assertThatThrownBy(() -> MessageFormats.of(WebhookFormat.UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void robotsMergeTenAlertsAndKeepTheirOwnRateLimits() {
        assertThat(MessageFormats.of(WebhookFormat.WECOM).rateLimit()).contains(new RateLimit(20, Duration.ofMinutes(1)));
        assertThat(MessageFormats.of(WebhookFormat.DINGTALK).rateLimit()).contains(new RateLimit(20, Duration.ofMinutes(1)));
        assertThat(MessageFormats.of(WebhookFormat.FEISHU).rateLimit()).contains(new RateLimit(5, Duration.ofSeconds(3)));
        assertThat(MessageFormats.of(WebhookFormat.SLACK).rateLimit()).contains(new RateLimit(1, Duration.ofSeconds(1)));
        for (WebhookFormat robot : new WebhookFormat[] {WebhookFormat.WECOM, WebhookFormat.DINGTALK, WebhookFormat.FEISHU, WebhookFormat.SLACK}) {
            assertThat(MessageFormats.of(robot).maxAlertsPerMessage()).isEqualTo(10);
        }
    }
}
