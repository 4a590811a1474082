package io.leadpulse.sinks.webhooks.format;

import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.format.robots.DingTalkFormat;
import io.leadpulse.sinks.webhooks.format.robots.FeishuFormat;
import io.leadpulse.sinks.webhooks.format.robots.SlackFormat;
import io.leadpulse.sinks.webhooks.format.robots.WeComFormat;

/** The {@link MessageFormat} of each subscription {@code format} (contract section 2): the one place that maps them. */
public final class MessageFormats {
    private static final MessageFormat STANDARD = new StandardWebhooksFormat();
    private static final MessageFormat WECOM = new WeComFormat();
    private static final MessageFormat DINGTALK = new DingTalkFormat();
    private static final MessageFormat FEISHU = new FeishuFormat();
    private static final MessageFormat SLACK = new SlackFormat();

    private MessageFormats() {
    }

    /** Formats are stateless and safe for concurrent use; the same instance is returned every time. */
    public static MessageFormat of(WebhookFormat format) {
        return switch (format) {
            case STANDARD -> STANDARD;
            case WECOM -> WECOM;
            case DINGTALK -> DINGTALK;
            case FEISHU -> FEISHU;
            case SLACK -> SLACK;
            case UNKNOWN -> throw new IllegalArgumentException("no message format for an unknown webhook format");
        };
    }
}
