package io.leadpulse.gateway.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.network.TrustedProxies.ForwardedClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the client is behind trusted proxies: the walk through X-Forwarded-For and the scheme from X-Forwarded-Proto. */
class TrustedProxiesTest {
    private static final byte[] LOAD_BALANCER = IpAddresses.parse("10.0.0.5");
    private final TrustedProxies proxies = new TrustedProxies(IpRanges.parse("10.0.0.0/8, 2001:db8:aa::/48"));

    @Test
    void theClientIsTheAddressTheTrustedProxySawConnecting() {
        assertThat(client(LOAD_BALANCER, "203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void trustedProxiesInTheChainAreSkippedFromTheRight() {
        assertThat(client(LOAD_BALANCER, "203.0.113.9, 10.1.1.1, 2001:db8:aa::7")).isEqualTo("203.0.113.9");
    }

    @Test
    void whatTheClientWroteItselfLeftOfItsOwnAddressIsIgnored() {
        assertThat(client(LOAD_BALANCER, "198.51.100.1, 10.9.9.9, 203.0.113.9, 10.1.1.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void anUntrustedPeerIsItsOwnClientWhateverItForwards() {
        byte[] stranger = IpAddresses.parse("192.0.2.50");

        ForwardedClient client = proxies.clientOf(stranger, List.of("203.0.113.9"));

        assertThat(IpAddresses.format(client.address())).isEqualTo("192.0.2.50");
        assertThat(client.entry()).isEqualTo(-1);
    }

    @Test
    void withoutForwardedForTheTrustedPeerIsTheClient() {
        assertThat(client(LOAD_BALANCER)).isEqualTo("10.0.0.5");
    }

    @Test
    void aMalformedEntryStopsTheWalkAtTheLastGoodHop() {
        assertThat(client(LOAD_BALANCER, "203.0.113.9, unknown, 10.1.1.1")).isEqualTo("10.1.1.1");
        assertThat(client(LOAD_BALANCER, "203.0.113.9, , 10.1.1.1")).isEqualTo("10.1.1.1");
        assertThat(client(LOAD_BALANCER, "203.0.113.9, example.com")).isEqualTo("10.0.0.5");
        assertThat(client(LOAD_BALANCER, "")).isEqualTo("10.0.0.5");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        assertThat(client(LOAD_BALANCER, "10.3.3.3, 10.1.1.1")).isEqualTo("10.3.3.3");
    }

    @Test
    void severalHeaderLinesAreOneListInOrder() {
        assertThat(client(LOAD_BALANCER, "198.51.100.1, 203.0.113.9", "10.1.1.1")).isEqualTo("203.0.113.9");
        assertThat(client(LOAD_BALANCER, "203.0.113.9", "10.1.1.1, 10.2.2.2")).isEqualTo("203.0.113.9");
    }

    @Test
    void entriesMayCarryPortsBracketsAndWhiteSpace() {
        assertThat(client(LOAD_BALANCER, "203.0.113.9:51234")).isEqualTo("203.0.113.9");
        assertThat(client(LOAD_BALANCER, "[2001:db8:1::9]:443")).isEqualTo("2001:db8:1::9");
        assertThat(client(LOAD_BALANCER, "\t[2001:db8:1::9] ")).isEqualTo("2001:db8:1::9");
        assertThat(client(LOAD_BALANCER, "2001:db8:1::9")).isEqualTo("2001:db8:1::9");
        assertThat(client(LOAD_BALANCER, "::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client(LOAD_BALANCER, "203.0.113.9, [10.1.1.1]")).as("brackets are for IPv6 only").isEqualTo("10.0.0.5");
        assertThat(client(LOAD_BALANCER, "203.0.113.9, 10.1.1.1:http")).isEqualTo("10.0.0.5");
    }

    @Test
    void theSchemeIsWhatTheProxyTalkingToTheClientReceived() {
        ForwardedClient behindTwo = proxies.clientOf(LOAD_BALANCER, List.of("203.0.113.9, 10.1.1.1"));
        ForwardedClient peerItself = proxies.clientOf(LOAD_BALANCER, List.of());

        assertThat(TrustedProxies.schemeOf(behindTwo, List.of("https"))).as("one value, set by the edge").isEqualTo("https");
        assertThat(TrustedProxies.schemeOf(behindTwo, List.of("HTTPS, http"))).as("one value per hop").isEqualTo("https");
        assertThat(TrustedProxies.schemeOf(behindTwo, List.of("http, https"))).isEqualTo("http");
        assertThat(TrustedProxies.schemeOf(behindTwo, List.of("https", "http"))).isEqualTo("https");
        assertThat(TrustedProxies.schemeOf(peerItself, List.of("https"))).isEqualTo("https");
        assertThat(TrustedProxies.schemeOf(peerItself, List.of("https, http"))).isNull();
        assertThat(TrustedProxies.schemeOf(behindTwo, List.of("wss"))).isNull();
        assertThat(TrustedProxies.schemeOf(behindTwo, List.of(""))).isNull();
    }

    @Test
    void noHeaderValueBreaksTheWalk() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "0123456789abcdefABCDEF:.,[]% \t/-xg";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            ForwardedClient client = proxies.clientOf(LOAD_BALANCER, List.of(value.toString()));

            assertThat(client.address().length).as(value.toString()).isIn(4, 16);
            assertThat(TrustedProxies.schemeOf(client, List.of(value.toString()))).isNull();
        }
    }

    private String client(byte[] peer, String... forwardedFor) {
        return IpAddresses.format(proxies.clientOf(peer, List.of(forwardedFor)).address());
    }
}
