package io.leadpulse.gateway.dwell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.leadpulse.gateway.RunningGateway;
import io.leadpulse.gateway.dwell.HeadlessChromium.Tab;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.DwellBeacon;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * t.js in a real headless Chromium (Debian's {@code chromium}): a landing page that includes it reports the time it is
 * visible, not the time another tab is in front of it nor the time the reader spends on another page before coming
 * back through the back/forward cache, and flushes its last beacon on pagehide. Hidden means really hidden: headless
 * Chromium keeps one tab in front, as a desktop browser does. Runs with {@code ./mvnw -Pbrowser ...} (README), not in
 * the default build, which needs no browser.
 */
@Tag("browser")
class DwellScriptInBrowserTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();
    private static HttpServer site;

    @TempDir
    Path profile;

    @BeforeAll
    static void landingSite() throws IOException {
        site = LandingSite.start(gateway.base());
    }

    @AfterAll
    static void stopSite() {
        site.stop(0);
    }

    @BeforeEach
    void chromiumIsThere() {
        assertThat(HeadlessChromium.isInstalled()).as("Debian's chromium at /usr/bin/chromium (or LP_CHROMIUM)").isTrue();
    }

    @Test
    void countsOnlyVisibleTimeAndFlushesTheLastBeaconOnPagehide() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start(profile)) {
            String clickId = clickOn("L-browser");
            Tab landing = chromium.open(LandingSite.page(site, clickId));
            awaitVisibility(chromium, landing, "visible");

            Thread.sleep(3_000);                                         // visible: counted
            chromium.open("about:blank");                                 // another tab in front
            awaitVisibility(chromium, landing, "hidden");
            Thread.sleep(3_000);                                         // hidden: not counted
            chromium.bringToFront(landing);
            awaitVisibility(chromium, landing, "visible");
            Thread.sleep(2_000);                                         // visible again: counted
            chromium.navigate(landing, "about:blank");                   // pagehide: the last beacon

            List<DwellBeacon> beacons = beaconsOf(clickId, 2);
            assertThat(beacons).as("one beacon when hidden, one on pagehide").hasSize(2);
            assertThat(beacons).extracting(DwellBeacon::getSequence).containsExactly(1L, 2L);
            assertThat(beacons.get(1).getVisibleMillis()).as("2 s visible since the return; with the 3 s hidden it would be 5 s")
                    .isBetween(1_900L, 3_500L);
            assertThat(beacons.stream().mapToLong(DwellBeacon::getVisibleMillis).sum())
                    .as("3 s + 2 s visible, the 3 s hidden not counted").isBetween(4_500L, 6_500L);
        }
    }

    @Test
    void restartsCountingWhenTheBackForwardCacheShowsThePageAgain() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start(profile)) {
            String clickId = clickOn("L-bfcache");
            Tab tab = chromium.open(LandingSite.page(site, clickId));
            awaitVisibility(chromium, tab, "visible");
            String instance = chromium.evaluate(tab, "window.pageInstance").asText();

            Thread.sleep(2_000);                                         // visible: counted
            chromium.evaluate(tab, "location.href = '" + LandingSite.nextPage(site) + "'; true");
            await().atMost(Duration.ofSeconds(10)).until(() -> chromium.evaluate(tab, "location.pathname").asText().equals(LandingSite.NEXT));
            Thread.sleep(3_000);                                         // reading another page: not counted
            chromium.evaluate(tab, "history.back(); true");
            await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(chromium.evaluate(tab,
                    "String(location.pathname === '" + LandingSite.OUTLINE + "' && document.readyState === 'complete')").asText()));

            assertThat(chromium.evaluate(tab, "window.shownFromCache === true").asBoolean())
                    .as("pageshow with persisted: the page came back from the back/forward cache; not used because: "
                            + chromium.events(tab, "Page.backForwardCacheNotUsed")).isTrue();
            assertThat(chromium.evaluate(tab, "window.pageInstance").asText()).as("the same page, not a reload").isEqualTo(instance);
            Thread.sleep(2_000);                                         // visible after the return: counted
            chromium.navigate(tab, "about:blank");                       // pagehide: the beacon of the return

            List<DwellBeacon> beacons = beaconsOf(clickId, 2);
            assertThat(beacons).extracting(DwellBeacon::getSequence).as("a new sequence number after the return").containsExactly(1L, 2L);
            assertThat(beacons.get(0).getVisibleMillis()).as("the first visit").isBetween(1_900L, 3_500L);
            assertThat(beacons.get(1).getVisibleMillis()).as("only the 2 s since the return; with the 3 s away it would be 5 s")
                    .isBetween(1_900L, 3_500L);
        }
    }

    private static String clickOn(String leadId) {
        String code = gateway.createLink(leadId, "http://127.0.0.1:" + site.getAddress().getPort() + LandingSite.OUTLINE);
        return gateway.click(code);
    }

    private static void awaitVisibility(HeadlessChromium chromium, Tab tab, String state) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                chromium.evaluate(tab, "document.readyState === 'complete' && document.visibilityState").asText().equals(state));
    }

    private static List<DwellBeacon> beaconsOf(String clickId, int expected) {
        return gateway.records(Topics.BEACONS, DwellBeacon.class, beacon -> beacon.getClickId().equals(clickId), expected)
                .stream().map(r -> r.value()).toList();
    }

    /** The customer's site: a landing page with t.js, and another page to go to and come back from. */
    private static final class LandingSite {
        static final String OUTLINE = "/outline.html";
        static final String NEXT = "/pricing.html";

        static HttpServer start(String gatewayBase) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            // The page marks itself, so the test can tell a page restored from the back/forward cache from a reload.
            serve(server, OUTLINE, "<!doctype html><html><head><meta charset=\"utf-8\"><title>Course outline</title>"
                    + "<script>window.pageInstance = String(Math.random());"
                    + "addEventListener('pageshow', e => { if (e.persisted) { window.shownFromCache = true; } });</script>"
                    + "<script async src=\"" + gatewayBase + "/t.js\"></script></head>"
                    + "<body><h1>Course outline</h1><p>Week 1: PLC basics.</p></body></html>");
            serve(server, NEXT, "<!doctype html><html><head><meta charset=\"utf-8\"><title>Pricing</title></head>"
                    + "<body><h1>Pricing</h1></body></html>");
            server.start();
            return server;
        }

        static String page(HttpServer server, String clickId) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + OUTLINE + "?lp_c=" + URLEncoder.encode(clickId, StandardCharsets.UTF_8);
        }

        static String nextPage(HttpServer server) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + NEXT;
        }

        private static void serve(HttpServer server, String path, String html) {
            server.createContext(path, exchange -> {
                byte[] body = html.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
    }
}
