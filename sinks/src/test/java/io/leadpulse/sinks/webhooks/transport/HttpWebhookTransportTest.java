package io.leadpulse.sinks.webhooks.transport;

import static io.leadpulse.sinks.webhooks.transport.WebhookReceiver.respond;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.sinks.webhooks.BlockedAddressException;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transport against real HTTP receivers on this machine: its SSRF guard, deadline, redirects and body limit. */
class HttpWebhookTransportTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final byte[] BODY = "{\"type\":\"lead.engaged\",\"data\":{\"leadId\":\"l-42\"}}".getBytes(UTF_8);
    private static final Map<String, String> STANDARD_HEADERS = Map.of(
            "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "webhook-timestamp", "1614265330",
            "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

    private WebhookReceiver receiver;
    private HttpWebhookTransport guarded;
    private HttpWebhookTransport trusting;

    @BeforeEach
    void start() throws IOException {
        receiver = new WebhookReceiver();
        guarded = new HttpWebhookTransport(false, TIMEOUT);
        trusting = new HttpWebhookTransport(true, TIMEOUT);
    }

    @AfterEach
    void stop() {
        guarded.close();
        trusting.close();
        receiver.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "2130706433", "[::1]", "0.0.0.0", "[::ffff:127.0.0.1]", "localhost"})
    void refusesHostsThatReachThisMachineAndSendsNothing(String host) {
        OutgoingRequest request = request(URI.create("http://" + host + ":" + receiver.port() + "/hooks"));

        assertThatThrownBy(() -> guarded.post(request)).isInstanceOf(BlockedAddressException.class);
        assertThat(receiver.received()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "2130706433", "[::1]", "0.0.0.0", "[::ffff:127.0.0.1]", "localhost"})
    void postsTheExactBodyAndHeadersWhenPrivateAddressesAreAllowed(String host) throws IOException {
        OutgoingRequest request = request(URI.create("http://" + host + ":" + receiver.port() + "/hooks?team=t1"));

        Reply reply = trusting.post(request);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(receiver.received()).singleElement().satisfies(received -> {
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.pathAndQuery()).isEqualTo("/hooks?team=t1");
            assertThat(received.body()).isEqualTo(BODY);
            assertThat(received.headers().get("Content-Type")).containsExactly("application/json");
            assertThat(received.headers().get("User-Agent")).containsExactly("LeadPulse-Webhooks/1");
            STANDARD_HEADERS.forEach((name, value) -> assertThat(received.headers().get(name)).containsExactly(value));
            assertThat(received.headers()).doesNotContainKey("Cookie");
        });
    }

    @Test
    void returnsARedirectAsAnAnswerWithoutFollowingIt() throws IOException {
        try (WebhookReceiver elsewhere = new WebhookReceiver()) {
            String location = "http://127.0.0.1:" + elsewhere.port() + "/landing";
            receiver.answerWith(respond(302, Map.of("Location", location), new byte[0]));

            Reply reply = trusting.post(request(local("/hooks")));

            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.header("location")).contains(location);
            assertThat(elsewhere.received()).isEmpty();
        }
    }

    @Test
    @Timeout(10) // without a deadline this would hang rather than fail
    void givesUpOnAReceiverThatNeverAnswersAfterTheTimeout() {
        receiver.answerWith(receiver.silence());

        long started = System.nanoTime();
        assertThatThrownBy(() -> trusting.post(request(local("/hooks"))))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(BlockedAddressException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusSeconds(2));
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    @Timeout(10) // without a deadline this would hang rather than fail
    void cutsOffAReceiverThatTricklesItsBodyAtTheDeadline() {
        receiver.answerWith(receiver.trickle());

        long started = System.nanoTime();
        assertThatThrownBy(() -> trusting.post(request(local("/hooks"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no answer within");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusSeconds(2));
        assertThat(receiver.bytesTrickled()).as("the body had started arriving").isPositive();
    }

    @Test
    void waitsTenSecondsByDefault() {
        try (HttpWebhookTransport transport = new HttpWebhookTransport(false)) {
            assertThat(transport.timeout()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void showsRetryAfterAndAnErrorBodyInTheReply() throws IOException {
        String error = "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}";
        receiver.answerWith(respond(503, Map.of("Retry-After", "120", "X-Request-ID", "req-7"), error.getBytes(UTF_8)));

        Reply reply = trusting.post(request(local("/hooks")));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("retry-after")).contains("120");
        assertThat(reply.header("x-request-id")).contains("req-7");
        assertThat(reply.body()).isEqualTo(error);
    }

    @Test
    void keepsOnlyTheFirst64KibOfALongBodyAndStaysUsable() throws IOException {
        byte[] huge = new byte[200 * 1024];
        Arrays.fill(huge, (byte) 'a');
        receiver.answerWith(respond(200, Map.of(), huge));

        Reply reply = trusting.post(request(local("/hooks")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).hasSize(64 * 1024).matches("a+");

        receiver.answerWith(respond(200, Map.of(), "ok".getBytes(UTF_8)));
        assertThat(trusting.post(request(local("/hooks"))).body()).isEqualTo("ok");
    }

    @Test
    void reusesTheConnectionForTheNextRequestToTheSameEndpoint() throws IOException {
        receiver.answerWith(respond(200, Map.of(), "{\"ok\":true}".getBytes(UTF_8)));

        trusting.post(request(local("/hooks")));
        trusting.post(request(local("/hooks")));

        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).clientPort()).isEqualTo(receiver.received().get(0).clientPort());
    }

    @Test
    void sendsNoCookieTheReceiverSet() throws IOException {
        receiver.answerWith(respond(200, Map.of("Set-Cookie", "session=abc; Path=/"), new byte[0]));

        trusting.post(request(local("/hooks")));
        trusting.post(request(local("/hooks")));

        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).headers()).doesNotContainKey("Cookie");
    }

    private URI local(String path) {
        return URI.create("http://127.0.0.1:" + receiver.port() + path);
    }

    private static OutgoingRequest request(URI url) {
        return new OutgoingRequest(url, STANDARD_HEADERS, BODY);
    }
}
