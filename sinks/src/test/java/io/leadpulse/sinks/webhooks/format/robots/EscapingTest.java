package io.leadpulse.sinks.webhooks.format.robots;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.format.MessageFormats;
import io.leadpulse.sinks.webhooks.format.wire.SampleAlerts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Customer text (and ids and titles from other systems) can mention nobody and add no markup in any robot. */
class EscapingTest {
    static final String HOSTILE = "Hi <!channel> <!here> <@U123> <@all> <at id=all></at> <at user_id=\"ou_1\">boss</at> "
            + "[click](https://evil.example) ![x](https://evil.example/p.png) <font color=\"warning\">red</font> "
            + "**loud** ~~gone~~ `code` & done\n# heading\n> quote";

    static Alert hostileAlert() {
        Alert alert = SampleAlerts.silent("L-<@U999>", List.of(HOSTILE));
        alert.getFacts().put("silentSince", "2026-11-19T09:31:40Z");
        return alert;
    }

    static Alert hostileTitle() {
        Alert alert = SampleAlerts.deepRead();
        alert.getFacts().put("title", "[Offer](https://evil.example) <!channel>");
        return alert;
    }

    static String render(WebhookFormat format, Language language) {
        return Rendered.text(format, MessageFormats.of(format).render(
                SampleAlerts.subscription(format, "https://robot.example/hook?key=k", null),
                List.of(hostileAlert(), hostileTitle()), language, Instant.now()));
    }

    @Test
    void noRobotSeesAMentionALinkOrMarkupInUntrustedText() {
        for (WebhookFormat format : List.of(WebhookFormat.WECOM, WebhookFormat.DINGTALK, WebhookFormat.FEISHU, WebhookFormat.SLACK)) {
            for (Language language : Language.values()) {
                String text = render(format, language);

                assertThat(text).as(format + " " + language).doesNotContain("<!channel>", "<!here>", "<@U123>", "<@all>",
                        "<@U999>", "<at ", "</at>", "<font", "**loud**", "~~gone~~", "`code`", "\n# heading", "\n> quote");
                if (format != WebhookFormat.SLACK) {
                    // Slack's only link syntax is <url|label>, covered above; the others take markdown links.
                    assertThat(text).as(format + " " + language).doesNotContain("](");
                }
                assertThat(text).as(format + " " + language).contains("channel", "U123", "loud", "heading", "done");
            }
        }
    }

    @Test
    void eachRobotUsesItsOwnEscapes() {
        Map<WebhookFormat, String> expected = Map.of(
                WebhookFormat.SLACK, "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt;",
                WebhookFormat.FEISHU, "&lt;at id=all&gt;&lt;/at&gt;",
                WebhookFormat.WECOM, "\uff1c@U123\uff1e",
                WebhookFormat.DINGTALK, "\uff3bclick\uff3d(https://evil.example)");
        expected.forEach((format, escaped) -> assertThat(render(format, Language.EN)).as(format.toString()).contains(escaped));
        assertThat(render(WebhookFormat.SLACK, Language.EN)).contains("&amp; done");
    }
}
