package io.leadpulse.gateway.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.network.IpRanges;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerClassifierTest {
    private static final String CHROME =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private static final InetAddress PERSON = address("203.0.113.9");
    private final CustomerClassifier classifier = new CustomerClassifier(IpRanges.parse("198.51.100.0/24, 2001:db8:5c::/48"));

    @Test
    void aBrowserGetIsACustomer() {
        assertThat(classifier.nonCustomerReason("GET", CHROME, PERSON)).isEmpty();
    }

    @Test
    void aHeadIsNeverACustomerEvenFromABrowser() {
        assertThat(classifier.nonCustomerReason("HEAD", CHROME, PERSON)).contains(CustomerClassifier.HEAD);
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
        assertThat(classifier.nonCustomerReason("GET", userAgent, PERSON)).contains(CustomerClassifier.PREVIEW_BOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mozilla/5.0 (compatible; Googlebot/2.1)", "SomeCrawler/1.0", "Baiduspider"})
    void crawlersAreFlagged(String userAgent) {
        assertThat(classifier.nonCustomerReason("GET", userAgent, PERSON)).contains(CustomerClassifier.CRAWLER);
    }

    @Test
    void weChatsInAppBrowserIsAPerson() {
        String wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
        assertThat(classifier.nonCustomerReason("GET", wechat, PERSON)).isEmpty();
    }

    @Test
    void aRequestWithoutUserAgentIsNotCountedAsAPerson() {
        assertThat(classifier.nonCustomerReason("GET", null, PERSON)).contains(CustomerClassifier.NO_USER_AGENT);
        assertThat(classifier.nonCustomerReason("GET", " ", PERSON)).contains(CustomerClassifier.NO_USER_AGENT);
    }

    @Test
    void aRequestFromAListedScannerNetworkIsFlaggedWhateverItsMethodAndUserAgent() {
        assertThat(classifier.nonCustomerReason("GET", CHROME, address("198.51.100.77"))).contains(CustomerClassifier.SCANNER_NETWORK);
        assertThat(classifier.nonCustomerReason("HEAD", CHROME, address("198.51.100.77"))).contains(CustomerClassifier.SCANNER_NETWORK);
        assertThat(classifier.nonCustomerReason("GET", "Twitterbot/1.0", address("2001:db8:5c:1::7")))
                .contains(CustomerClassifier.SCANNER_NETWORK);
        assertThat(classifier.nonCustomerReason("GET", CHROME, address("198.51.101.77"))).isEmpty();
    }

    @Test
    void withoutScannerNetworksOrAnAddressOnlyMethodAndUserAgentCount() {
        CustomerClassifier none = new CustomerClassifier(IpRanges.none());

        assertThat(none.nonCustomerReason("GET", CHROME, address("198.51.100.77"))).isEmpty();
        assertThat(classifier.nonCustomerReason("GET", CHROME, null)).isEmpty();
        assertThat(classifier.nonCustomerReason("HEAD", CHROME, null)).contains(CustomerClassifier.HEAD);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
