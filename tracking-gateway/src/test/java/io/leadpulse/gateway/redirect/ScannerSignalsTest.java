package io.leadpulse.gateway.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScannerSignalsTest {
    private static final Instant CREATED = Instant.parse("2026-11-22T09:00:00Z");
    private static final String NET = "203.0.113.0/24";
    private static final String CHROME = "Mozilla/5.0 Chrome/131.0";
    private final ScannerSignals signals = new ScannerSignals();

    @Test
    void aPersonClickingAMinuteLaterIsNotFlagged() {
        assertThat(signals.judge("code", NET, CHROME, "GET", CREATED.plusSeconds(60), CREATED)).isEmpty();
    }

    @Test
    void aGetWithinTwoSecondsOfTheLinksCreationIsAScanner() {
        assertThat(signals.judge("code", NET, CHROME, "GET", CREATED.plusMillis(800), CREATED)).contains(ScannerSignals.TOO_SOON);
        assertThat(signals.judge("other", NET, CHROME, "GET", CREATED.plusMillis(2000), CREATED)).isEmpty();
    }

    @Test
    void aGetAfterAHeadFromTheSameNetworkAndAgentIsAScanner() {
        Instant t = CREATED.plusSeconds(300);
        signals.judge("code", NET, CHROME, "HEAD", t, CREATED);

        assertThat(signals.judge("code", NET, CHROME, "GET", t.plusSeconds(3), CREATED)).contains(ScannerSignals.HEAD_THEN_GET);
        assertThat(signals.judge("code", "198.51.100.0/24", CHROME, "GET", t.plusSeconds(3), CREATED)).isEmpty();
        assertThat(signals.judge("code2", NET, CHROME, "GET", t.plusSeconds(3), CREATED)).isEmpty();
    }

    @Test
    void aHeadByAnotherAgentOrLongAgoDoesNotTaintAGet() {
        Instant t = CREATED.plusSeconds(300);
        signals.judge("a", NET, "curl/8.5.0", "HEAD", t, CREATED);
        signals.judge("b", NET, CHROME, "HEAD", t, CREATED);

        assertThat(signals.judge("a", NET, CHROME, "GET", t.plusSeconds(1), CREATED)).isEmpty();
        assertThat(signals.judge("b", NET, CHROME, "GET", t.plusSeconds(11), CREATED)).isEmpty();
    }

    @Test
    void aBurstOnOneLinkFromOneNetworkIsFlaggedFromTheThirdRequest() {
        Instant t = CREATED.plusSeconds(300);

        assertThat(signals.judge("code", NET, CHROME, "GET", t, CREATED)).isEmpty();
        assertThat(signals.judge("code", NET, CHROME, "GET", t.plusMillis(100), CREATED)).isEmpty();
        assertThat(signals.judge("code", NET, CHROME, "GET", t.plusMillis(200), CREATED)).contains(ScannerSignals.BURST);
        assertThat(signals.judge("code", NET, CHROME, "GET", t.plusSeconds(5), CREATED)).isEmpty();
    }
}
