package io.leadpulse.gateway.dwell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.DwellBeacon;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * t.js in a real headless Chromium (Debian's {@code chromium}): a landing page that includes it reports visible
 * time, not hidden time, and flushes its last beacon on pagehide. Runs with {@code ./mvnw -Pbrowser ...} (README),
 * not in the default build, which needs no browser.
 */
@Tag("browser")
class DwellScriptInBrowserTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    @Test
    void countsOnlyVisibleTimeAndFlushesTheLastBeaconOnPagehide(@TempDir Path profile) throws Exception {
        assertThat(HeadlessChromium.isInstalled()).as("Debian's chromium at /usr/bin/chromium (or LP_CHROMIUM)").isTrue();
        HttpServer site = landingPage();
        try (HeadlessChromium chromium = HeadlessChromium.start(profile)) {
            String page = "http://127.0.0.1:" + site.getAddress().getPort() + "/outline.html";
            String code = gateway.createLink("L-browser", page);
            String clickId = gateway.click(code);
            String session = chromium.open(page + "?lp_c=" + URLEncoder.encode(clickId, StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    chromium.evaluate(session, "document.readyState === 'complete' && document.visibilityState").asText().equals("visible"));

            Thread.sleep(3_000);                                          // visible: counted
            setVisibility(chromium, session, "hidden");
            Thread.sleep(3_000);                                          // hidden: not counted
            setVisibility(chromium, session, "visible");
            Thread.sleep(2_000);                                          // visible again: counted
            chromium.call(session, "Page.navigate", Map.of("url", "about:blank")); // pagehide: the last beacon

            List<ConsumerRecord<String, DwellBeacon>> beacons =
                    gateway.records(Topics.BEACONS, DwellBeacon.class, beacon -> beacon.getClickId().equals(clickId), 2);
            long visibleMillis = beacons.stream().mapToLong(b -> b.value().getVisibleMillis()).sum();
            assertThat(beacons).as("one beacon when hidden, one on pagehide").hasSize(2);
            assertThat(beacons).extracting(b -> b.value().getSequence()).containsExactly(1L, 2L);
            assertThat(visibleMillis).as("3 s + 2 s visible, the 3 s hidden not counted").isBetween(4_500L, 6_500L);
        } finally {
            site.stop(0);
        }
    }

    /** The browser has one tab; visibility is switched the way a hidden tab would report it. */
    private static void setVisibility(HeadlessChromium chromium, String session, String state) throws Exception {
        chromium.evaluate(session, "Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => '"
                + state + "'}); document.dispatchEvent(new Event('visibilitychange')); true");
    }

    private static HttpServer landingPage() throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Course outline</title>"
                + "<script async src=\"" + gateway.base() + "/t.js\"></script></head>"
                + "<body><h1>Course outline</h1><p>Week 1: PLC basics.</p></body></html>";
        server.createContext("/outline.html", exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
