package io.leadpulse.gateway.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.PixelOpen;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway behind a load balancer on 127.0.0.1 (trusted), reached also straight from 127.0.0.2 and 127.0.0.3 (not
 * trusted; 127.0.0.3 is a listed scanner network), over real HTTP.
 */
class BehindTrustedProxiesTest {
    private static final String TRUSTED = "127.0.0.1/32, 10.0.0.0/8";
    private static final String SCANNERS = "198.51.100.0/24, 127.0.0.3";
    private static final PeerAt STRANGER = PeerAt.address("127.0.0.2");
    private static final PeerAt LISTED_SCANNER = PeerAt.address("127.0.0.3");
    private static final String BROWSER = RunningGateway.BROWSER;

    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway(URI.create("http://go.example.com"),
            IpRanges.parse(TRUSTED), IpRanges.parse(SCANNERS));

    @Test
    void aClientBehindTheTrustedProxyIsCountedUnderTheAddressTheProxyForwards() {
        String code = newLink("L-forwarded");

        HttpResponse<String> v4 = viaProxy("/l/" + code, "203.0.113.9, 10.20.0.1");
        HttpResponse<String> v6 = viaProxy("/l/" + code, "[2001:db8:77:1::9]:50123");

        assertThat(List.of(v4.statusCode(), v6.statusCode())).containsOnly(302);
        assertThat(clicks(code, 2)).extracting(Click::getNetwork).containsExactly("203.0.113.0/24", "2001:db8:77:0:0:0:0:0/48");
        assertThat(accessLogNetworks("/l/" + code, 2)).containsExactly("203.0.113.0/24", "2001:db8:77:0:0:0:0:0/48");
    }

    @Test
    void aMalformedForwardedForFromTheTrustedProxyEndsAtTheLastGoodHopAndNeverFails() {
        String code = newLink("L-garbage");
        String clickId = gateway.click(code);

        HttpResponse<String> lastGoodHop = viaProxy("/l/" + code, "203.0.113.50, not-an-address, 10.9.9.9");
        HttpResponse<String> garbage = viaProxy("/l/" + code, "%%%, [::1");
        HttpResponse<String> beacon = gateway.send(gateway.request("/v1/beacon").header("Content-Type", "text/plain")
                .header("X-Forwarded-For", "\u00ff\u00fe, 1.2.3.4.5").header("X-Forwarded-Proto", "gopher")
                .POST(HttpRequest.BodyPublishers.ofString("{\"c\": \"" + clickId + "\", \"v\": 10, \"s\": 1}")));

        assertThat(List.of(lastGoodHop.statusCode(), garbage.statusCode())).containsOnly(302);
        assertThat(beacon.statusCode()).isEqualTo(204);
        assertThat(clicks(code, 3)).extracting(Click::getNetwork).containsExactly("127.0.0.0/24", "10.9.9.0/24", "127.0.0.0/24");
    }

    @Test
    void aPeerThatIsNotATrustedProxyCannotChooseItsAddressWithForwardedFor() {
        String code = newLink("L-spoof");
        String clickId = gateway.click(code);

        PeerAt.Response click = STRANGER.get(gateway.port(), "/l/" + code, Map.of("User-Agent", BROWSER, "X-Forwarded-For", "203.0.113.10"));
        int accepted = 0;
        boolean refused = false;
        long start = System.nanoTime();
        for (int s = 1; s <= 200 && !refused; s++) { // a new address each time would be a new bucket each time
            PeerAt.Response beacon = STRANGER.post(gateway.port(), "/v1/beacon",
                    Map.of("Content-Type", "text/plain", "X-Forwarded-For", "192.0.2." + s % 250),
                    "{\"c\": \"" + clickId + "\", \"v\": 10, \"s\": " + s + "}");
            refused = beacon.status() == 429;
            accepted += beacon.status() == 204 ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(click.status()).isEqualTo(302);
        assertThat(clicks(code, 2)).extracting(Click::getNetwork).containsExactly("127.0.0.0/24", "127.0.0.0/24");
        assertThat(accessLogNetworks("/l/" + code, 2)).containsOnly("127.0.0.0/24");
        assertThat(refused).as("the stranger's own bucket runs out").isTrue();
        assertThat((double) accepted).isLessThanOrEqualTo(10 * RunningGateway.BEACONS_PER_SECOND + RunningGateway.BEACONS_PER_SECOND * seconds + 1);
    }

    @Test
    void clientsBehindOneTrustedProxyEachHaveTheirOwnBeaconLimit() {
        String clickId = gateway.click(newLink("L-limits"));

        int sent = 0;
        int status = 204;
        while (status != 429 && sent < 500) {
            status = beaconViaProxy(clickId, ++sent, "192.0.2.1").statusCode();
        }

        assertThat(status).as("192.0.2.1 has used up its bucket").isEqualTo(429);
        assertThat(sent).isGreaterThan((int) (10 * RunningGateway.BEACONS_PER_SECOND));
        // A shared bucket, just emptied, would refill one beacon per 200 ms: 40 in a row means a bucket of its own.
        for (int i = 0; i < 40; i++) {
            assertThat(beaconViaProxy(clickId, ++sent, "192.0.2.2").statusCode()).as("its neighbour's beacon " + i).isEqualTo(204);
        }
    }

    @Test
    void theVisitorCookieIsSecureWhenTheTrustedProxySaysTheBrowserUsedHttps() {
        String code = newLink("L-secure");

        String https = gateway.send(gateway.request("/l/" + code).header("User-Agent", BROWSER)
                .header("X-Forwarded-For", "203.0.113.30").header("X-Forwarded-Proto", "https").GET())
                .headers().firstValue("Set-Cookie").orElseThrow();
        String http = gateway.send(gateway.request("/l/" + code).header("User-Agent", BROWSER)
                .header("X-Forwarded-For", "203.0.113.31").GET()).headers().firstValue("Set-Cookie").orElseThrow();
        String stranger = STRANGER.get(gateway.port(), "/l/" + code, Map.of("User-Agent", BROWSER, "X-Forwarded-Proto", "https"))
                .header("Set-Cookie").orElseThrow();

        assertThat(https).startsWith("lp_v=").containsIgnoringCase("; Secure");
        assertThat(http).startsWith("lp_v=").doesNotContainIgnoringCase("secure");
        assertThat(stranger).startsWith("lp_v=").doesNotContainIgnoringCase("secure");
    }

    @Test
    void requestsFromListedScannerNetworksAreRedirectedButFlaggedAndCannotHideBehindForwardedFor() {
        String code = newLink("L-scanner-net");

        HttpResponse<String> forwarded = viaProxy("/l/" + code, "198.51.100.7");
        PeerAt.Response direct = LISTED_SCANNER.get(gateway.port(), "/l/" + code, Map.of("User-Agent", BROWSER, "X-Forwarded-For", "203.0.113.5"));
        PeerAt.Response framed = STRANGER.get(gateway.port(), "/l/" + code, Map.of("User-Agent", BROWSER, "X-Forwarded-For", "198.51.100.8"));
        HttpResponse<String> pixel = viaProxy("/p/" + code + ".gif", "198.51.100.9");

        assertThat(List.of(forwarded.statusCode(), direct.status(), framed.status())).containsOnly(302);
        assertThat(direct.header("Location").orElseThrow()).startsWith("https://example.com/?lp_c=");
        assertThat(pixel.statusCode()).isEqualTo(200);
        assertThat(clicks(code, 3)).extracting(Click::getNonCustomerReason).containsExactly("scanner-network", "scanner-network", null);
        assertThat(gateway.records(Topics.OPENS, PixelOpen.class, open -> open.getCode().equals(code), 1))
                .extracting(r -> r.value().getNonCustomerReason()).containsExactly("scanner-network");
        assertThat(gateway.send(gateway.request("/metrics").GET()).body())
                .contains("lp_gateway_not_customer_total{reason=\"scanner-network\",route=\"/l/{code}\"} 2.0")
                .contains("lp_gateway_not_customer_total{reason=\"scanner-network\",route=\"/p/{code}.gif\"} 1.0");
    }

    @Test
    void scannerTimingIsJudgedPerForwardedNetworkNotPerProxy() {
        String code = newLink("L-burst");

        for (String client : List.of("203.0.113.40", "198.18.0.40", "192.0.2.40", "203.0.114.40", "203.0.114.41", "203.0.114.42")) {
            assertThat(viaProxy("/l/" + code, client).statusCode()).isEqualTo(302);
        }

        assertThat(clicks(code, 6)).extracting(Click::getNonCustomerReason)
                .as("five people behind one proxy, then a third request from one network within a second")
                .containsExactly(null, null, null, null, null, "scanner-burst");
    }

    private static String newLink(String leadId) {
        String code = gateway.createLink(leadId, "https://example.com/");
        RunningGateway.waitUntilNoLongerTooSoonForAScanner();
        return code;
    }

    private static HttpResponse<String> viaProxy(String path, String forwardedFor) {
        return gateway.send(gateway.request(path).header("User-Agent", BROWSER).header("X-Forwarded-For", forwardedFor).GET());
    }

    private static HttpResponse<String> beaconViaProxy(String clickId, int sequence, String forwardedFor) {
        return gateway.send(gateway.request("/v1/beacon").header("Content-Type", "text/plain").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("{\"c\": \"" + clickId + "\", \"v\": 10, \"s\": " + sequence + "}")));
    }

    private static List<Click> clicks(String code, int expected) {
        return gateway.records(Topics.CLICKS, Click.class, click -> click.getCode().equals(code), expected)
                .stream().map(r -> r.value()).toList();
    }

    /** The networks of the access log's lines for this path, in order, once there are {@code expected}. */
    private static List<String> accessLogNetworks(String path, int expected) {
        Path log = Path.of("target/access-test.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> linesFor(log, path).size() >= expected);
        return linesFor(log, path).stream().map(line -> line.get("network").asText()).toList();
    }

    private static List<JsonNode> linesFor(Path log, String path) {
        try {
            return Files.readAllLines(log).stream().filter(line -> line.contains("\"" + path + "\""))
                    .map(line -> {
                        try {
                            return RunningGateway.JSON.readTree(line);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
