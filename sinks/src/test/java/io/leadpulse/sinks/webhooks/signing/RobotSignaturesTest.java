package io.leadpulse.sinks.webhooks.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The robots' signatures against values computed independently with openssl. */
class RobotSignaturesTest {
    @Test
    void dingTalkSignsMillisNewlineSecretKeyedWithTheSecret() {
        // printf '1700000000000\nSECa1b2c3' | openssl dgst -sha256 -hmac 'SECa1b2c3' -binary | base64
        assertThat(DingTalkSignature.sign("SECa1b2c3", Instant.ofEpochMilli(1_700_000_000_000L)))
                .isEqualTo("r3A3qrlgRa+TdR5aXyvO01zn0wmdf5B/XKtKbV42SDc=");
    }

    @Test
    void feishuSignsTheEmptyStringKeyedWithSecondsNewlineSecret() {
        // printf '' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<hex of "1700000000\nfeishu-secret"> -binary | base64
        assertThat(FeishuSignature.sign("feishu-secret", Instant.ofEpochSecond(1_700_000_000L)))
                .isEqualTo("OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=");
    }

    @Test
    void signaturesChangeWithTheTimestamp() {
        Instant at = Instant.ofEpochSecond(1_700_000_000L);
        assertThat(DingTalkSignature.sign("s", at)).isNotEqualTo(DingTalkSignature.sign("s", at.plusMillis(1)));
        assertThat(FeishuSignature.sign("s", at)).isNotEqualTo(FeishuSignature.sign("s", at.plusSeconds(1)));
    }
}
