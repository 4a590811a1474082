package io.leadpulse.sinks.webhooks.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StandardWebhookSignatureTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final Instant AT = Instant.ofEpochSecond(1614265330);
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    final StandardWebhookSignature signature = new StandardWebhookSignature(SECRET);

    @Test
    void signsTheSpecificationsTestVector() {
        assertThat(signature.sign(ID, AT, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void acceptsTheSecretWithoutItsPrefixLikeTheReferenceLibraries() {
        assertThat(new StandardWebhookSignature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign(ID, AT, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesTheTestVectorWithinFiveMinutes() {
        assertThat(signature.verify(ID, "1614265330", EXPECTED, BODY, AT.plusSeconds(299))).isTrue();
        assertThat(signature.verify(ID, "1614265330", EXPECTED, BODY, AT.minusSeconds(299))).isTrue();
    }

    @Test
    void rejectsTimestampsOutsideTheToleranceEitherWay() {
        assertThat(signature.verify(ID, "1614265330", EXPECTED, BODY, AT.plusSeconds(301))).isFalse();
        assertThat(signature.verify(ID, "1614265330", EXPECTED, BODY, AT.minusSeconds(301))).isFalse();
        assertThat(signature.verify(ID, "not-a-number", EXPECTED, BODY, AT)).isFalse();
    }

    @Test
    void rejectsATamperedBodyIdOrTimestamp() {
        assertThat(signature.verify(ID, "1614265330", EXPECTED, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), AT)).isFalse();
        assertThat(signature.verify("msg_other", "1614265330", EXPECTED, BODY, AT)).isFalse();
        assertThat(signature.verify(ID, "1614265331", EXPECTED, BODY, AT)).isFalse();
    }

    @Test
    void rejectsAnotherSecretsSignature() {
        StandardWebhookSignature other = new StandardWebhookSignature(StandardWebhookSignature.newSecret());
        assertThat(other.verify(ID, "1614265330", EXPECTED, BODY, AT)).isFalse();
    }

    @Test
    void acceptsWhenAnyOfSeveralSpaceSeparatedSignaturesMatches() {
        String rotated = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,whatever " + EXPECTED;
        assertThat(signature.verify(ID, "1614265330", rotated, BODY, AT)).isTrue();
        assertThat(signature.verify(ID, "1614265330", "v2," + EXPECTED.substring(3), BODY, AT)).isFalse();
        assertThat(signature.verify(ID, "1614265330", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", BODY, AT)).isFalse();
    }

    @Test
    void newSecretsAreTwentyFourRandomBytesWithThePrefix() {
        String first = StandardWebhookSignature.newSecret();
        String second = StandardWebhookSignature.newSecret();
        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring("whsec_".length()))).hasSize(24);
        StandardWebhookSignature fresh = new StandardWebhookSignature(first);
        assertThat(fresh.verify(ID, "1614265330", fresh.sign(ID, AT, BODY), BODY, AT)).isTrue();
    }

    @Test
    void refusesASecretThatIsNotBase64() {
        assertThatThrownBy(() -> new StandardWebhookSignature("whsec_not base64!")).isInstanceOf(IllegalArgumentException.class);
    }
}
