package io.leadpulse.gateway.dwell;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.leadpulse.schemas.v1.PixelOpen;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pixel, the dwell script and the beacon endpoint. */
class DwellTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    @Test
    void thePixelIsATransparent43ByteGifAndAnOpenOfALiveLink() {
        String code = gateway.createLink("L-px", "https://example.com/");

        HttpResponse<byte[]> pixel = sendBytes(gateway.request("/p/" + code + ".gif").header("User-Agent", RunningGateway.BROWSER).GET());
        HttpResponse<byte[]> unknown = sendBytes(gateway.request("/p/AAAAAAAAAAAA.gif").GET());

        for (HttpResponse<byte[]> response : java.util.List.of(pixel, unknown)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("image/gif");
            assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
            assertThat(response.body()).hasSize(43);
            assertThat(new String(response.body(), 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        }
        var opens = gateway.records(Topics.OPENS, PixelOpen.class, open -> open.getCode().equals(code), 1);
        assertThat(opens).hasSize(1);
        assertThat(opens.get(0).key()).isEqualTo("L-px");
        assertThat(opens.get(0).value().getNonCustomerReason()).isNull();
        assertThat(gateway.send(gateway.request("/p/" + code + ".png").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void theDwellScriptIsSmallCacheableAndRevalidates() {
        HttpResponse<String> script = gateway.send(gateway.request("/t.js").GET());

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/javascript");
        assertThat(script.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=");
        assertThat(script.body()).contains("sendBeacon", "visibilitychange", "pagehide", "pageshow", "lp_c").doesNotContain("unload\"");
        assertThat(script.body().length()).isLessThan(4096);
        String etag = script.headers().firstValue("ETag").orElseThrow();
        assertThat(gateway.send(gateway.request("/t.js").header("If-None-Match", etag).GET()).statusCode()).isEqualTo(304);
        HttpResponse<String> head = gateway.send(gateway.request("/t.js").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("ETag")).contains(etag);
    }

    @Test
    void aBeaconForAGenuineClickIsTakenOncePerSequenceWithVisibleTimeCapped() {
        String code = gateway.createLink("L-dwell", "https://example.com/");
        String clickId = gateway.click(code);

        HttpResponse<String> first = beacon("text/plain", "{\"c\": \"" + clickId + "\", \"v\": 15000, \"s\": 1}");
        HttpResponse<String> repeated = beacon("text/plain;charset=UTF-8", "{\"c\": \"" + clickId + "\", \"v\": 15000, \"s\": 1}");
        HttpResponse<String> huge = beacon("application/json", "{\"c\": \"" + clickId + "\", \"v\": 86400000, \"s\": 2}");

        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(first.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(repeated.statusCode()).isEqualTo(204);
        assertThat(huge.statusCode()).isEqualTo(204);
        var beacons = gateway.records(Topics.BEACONS, DwellBeacon.class, b -> b.getClickId().equals(clickId), 2);
        assertThat(beacons).extracting(r -> r.value().getSequence()).containsExactly(1L, 2L);
        assertThat(beacons).extracting(r -> r.value().getVisibleMillis()).containsExactly(15000L, BeaconApi.MAX_VISIBLE_MILLIS);
        assertThat(beacons).extracting(r -> r.key()).containsOnly("L-dwell");
    }

    @Test
    void forgedClickIdsAndMalformedBeaconsAreRejected() {
        String code = gateway.createLink("L-forged", "https://example.com/");
        String clickId = gateway.click(code);
        String forged = clickId.substring(0, clickId.length() - 2) + (clickId.endsWith("AA") ? "BB" : "AA");

        assertThat(beacon("text/plain", "{\"c\": \"" + forged + "\", \"v\": 100, \"s\": 1}").body()).contains("click id");
        assertThat(beacon("text/plain", "{\"c\": \"" + forged + "\", \"v\": 100, \"s\": 1}").statusCode()).isEqualTo(400);
        assertThat(beacon("text/plain", "{\"c\": \"" + clickId + "\", \"v\": -1, \"s\": 1}").statusCode()).isEqualTo(400);
        assertThat(beacon("text/plain", "{\"c\": \"" + clickId + "\", \"v\": \"100\", \"s\": 1}").statusCode()).isEqualTo(400);
        assertThat(beacon("text/plain", "{\"c\": \"" + clickId + "\", \"v\": 100, \"s\": 1.5}").statusCode()).isEqualTo(400);
        assertThat(beacon("text/plain", "{\"c\": \"" + clickId + "\", \"v\": 100}").statusCode()).isEqualTo(400);
        assertThat(beacon("text/plain", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(beacon("text/plain", "not json").statusCode()).isEqualTo(400);
        assertThat(beacon("text/plain", "{\"c\": \"" + clickId + "\", \"v\": 100, \"s\": 7} {}").statusCode()).isEqualTo(400);
        assertThat(beacon("text/plain", "").statusCode()).isEqualTo(400);
        assertThat(beacon("application/xml", "<c/>").statusCode()).isEqualTo(415);
        assertThat(beacon("text/plain", "{\"c\": \"" + "x".repeat(5000) + "\"}").statusCode()).isEqualTo(413);
    }

    @Test
    void aPreflightAllowsJsonBeaconsFromAnyPage() {
        HttpResponse<String> preflight = gateway.send(gateway.request("/v1/beacon")
                .header("Origin", "https://content.example.com").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("Content-Type");
    }

    private HttpResponse<String> beacon(String contentType, String body) {
        return gateway.send(gateway.request("/v1/beacon").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
