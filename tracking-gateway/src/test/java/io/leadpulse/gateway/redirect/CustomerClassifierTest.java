package io.leadpulse.gateway.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerClassifierTest {
    private static final String CHROME =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private final CustomerClassifier classifier = new CustomerClassifier();

    @Test
    void aBrowserGetIsACustomer() {
        assertThat(classifier.nonCustomerReason("GET", CHROME)).isEmpty();
    }

    @Test
    void aHeadIsNeverACustomerEvenFromABrowser() {
        assertThat(classifier.nonCustomerReason("HEAD", CHROME)).contains(CustomerClassifier.HEAD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "WhatsApp/2.23.20.0",
            "TelegramBot (like TwitterBot)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Twitterbot/1.0",
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "Mozilla/5.0 DingTalkBot-LinkService/1.0",
            "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    })
    void linkPreviewBotsAreFlagged(String userAgent) {
        assertThat(classifier.nonCustomerReason("GET", userAgent)).contains(CustomerClassifier.PREVIEW_BOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mozilla/5.0 (compatible; Googlebot/2.1)", "SomeCrawler/1.0", "Baiduspider"})
    void crawlersAreFlagged(String userAgent) {
        assertThat(classifier.nonCustomerReason("GET", userAgent)).contains(CustomerClassifier.CRAWLER);
    }

    @Test
    void weChatsInAppBrowserIsAPerson() {
        String wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
        assertThat(classifier.nonCustomerReason("GET", wechat)).isEmpty();
    }

    @Test
    void aRequestWithoutUserAgentIsNotCountedAsAPerson() {
        assertThat(classifier.nonCustomerReason("GET", null)).contains(CustomerClassifier.NO_USER_AGENT);
        assertThat(classifier.nonCustomerReason("GET", " ")).contains(CustomerClassifier.NO_USER_AGENT);
    }
}
