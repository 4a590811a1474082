package io.leadpulse.gateway.dwell;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.RunningGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Beacons are limited per client address; its own gateway, since the limit it exhausts is shared by the address. */
class BeaconRateLimitTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    @Test
    void oneClientSendingTooManyBeaconsGets429WithRetryAfterAndRedirectsAreNeverLimited() {
        String code = gateway.createLink("L-flood", "https://example.com/");
        String clickId = gateway.click(code);
        int accepted = 0;
        HttpResponse<String> refused = null;
        long start = System.nanoTime();
        for (int s = 1; s <= 500 && refused == null; s++) {
            HttpResponse<String> response = beacon("text/plain", "{\"c\": \"" + clickId + "\", \"v\": 10, \"s\": " + s + "}");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                accepted++;
            }
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;

        assertThat(refused).as("a 429 once the bucket is empty").isNotNull();
        double allowed = 10 * RunningGateway.BEACONS_PER_SECOND + RunningGateway.BEACONS_PER_SECOND * elapsedSeconds;
        assertThat((double) accepted).isGreaterThanOrEqualTo(10 * RunningGateway.BEACONS_PER_SECOND).isLessThanOrEqualTo(allowed + 1);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(RunningGateway.json(refused).get("error").asText()).isEqualTo("too_many_requests");
        for (int i = 0; i < 100; i++) {
            assertThat(gateway.send(gateway.request("/l/" + code).GET()).statusCode()).isEqualTo(302);
        }
    }

    private HttpResponse<String> beacon(String contentType, String body) {
        return gateway.send(gateway.request("/v1/beacon").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
