package io.leadpulse.gateway.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangesTest {

    @Test
    void anAddressIsInARangeWhenItsPrefixMatches() {
        IpRanges ranges = IpRanges.parse("10.0.0.0/8, 192.168.4.0/22,2001:db8::/32 , 203.0.113.7");

        assertThat(ranges.contains(ip("10.255.1.2"))).isTrue();
        assertThat(ranges.contains(ip("11.0.0.1"))).isFalse();
        assertThat(ranges.contains(ip("192.168.7.255"))).isTrue();
        assertThat(ranges.contains(ip("192.168.8.0"))).isFalse();
        assertThat(ranges.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(ranges.contains(ip("2001:db9::1"))).isFalse();
        assertThat(ranges.contains(ip("203.0.113.7"))).as("a bare address is its own /32").isTrue();
        assertThat(ranges.contains(ip("203.0.113.8"))).isFalse();
    }

    @Test
    void anIpv4AddressWrittenAsIpv6MatchesItsIpv4Range() {
        IpRanges ranges = IpRanges.parse("10.0.0.0/8,::ffff:192.0.2.0/120");

        assertThat(ranges.contains(ip("::ffff:10.1.2.3"))).isTrue();
        assertThat(ranges.contains(ip("192.0.2.200"))).isTrue();
        assertThat(ranges.contains(ip("::10.1.2.3"))).as("IPv4-compatible is not IPv4-mapped").isFalse();
    }

    @Test
    void nestedAndOverlappingRangesAndLongListsAreAllFound() {
        StringBuilder many = new StringBuilder("10.0.0.0/8,10.20.0.0/16,0.0.0.0/1,2001:db8::/48,2001:db8::5/128");
        for (int i = 0; i < 2_000; i++) {
            many.append(",172.").append(16 + i / 256 % 16).append('.').append(i % 256).append(".0/24");
        }
        IpRanges ranges = IpRanges.parse(many.toString());

        assertThat(ranges.contains(ip("10.20.3.4"))).isTrue();
        assertThat(ranges.contains(ip("127.0.0.1"))).as("inside 0.0.0.0/1").isTrue();
        assertThat(ranges.contains(ip("128.0.0.1"))).isFalse();
        assertThat(ranges.contains(ip("172.23.207.9"))).isTrue();
        assertThat(ranges.contains(ip("172.32.0.1"))).isFalse();
        assertThat(ranges.contains(ip("2001:db8::5"))).isTrue();
        assertThat(ranges.contains(ip("2001:db8:1::5"))).isFalse();
        assertThat(ranges.ranges()).hasSize(2_005);
    }

    @Test
    void blankMeansNoneAndNoneHoldsNothing() {
        assertThat(IpRanges.parse("").isEmpty()).isTrue();
        assertThat(IpRanges.parse(" , ").isEmpty()).isTrue();
        assertThat(IpRanges.parse(null).isEmpty()).isTrue();
        assertThat(IpRanges.none().contains(ip("10.0.0.1"))).isFalse();
        assertThat(IpRanges.none().contains((java.net.InetAddress) null)).isFalse();
    }

    @Test
    void rangesAreShownInCanonicalFormAndEverythingIsRecognised() {
        IpRanges ranges = IpRanges.parse("2001:DB8:0:0::/32, 10.0.0.0/8");

        assertThat(ranges).hasToString("2001:db8::/32,10.0.0.0/8");
        assertThat(ranges.coversEverything()).isFalse();
        assertThat(IpRanges.parse("10.0.0.0/8,::/0").coversEverything()).isTrue();
        assertThat(IpRanges.parse("0.0.0.0/0").coversEverything()).isTrue();
    }

    @Test
    void aRangeWithBitsAfterItsPrefixIsRefusedWithTheBlockItProbablyMeant() {
        assertThatThrownBy(() -> IpRanges.parse("10.1.2.3/8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.1.2.3/8'").hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> IpRanges.parse("2001:db8::1/32")).hasMessageContaining("2001:db8::/32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0/8", "127.1", "2130706433",
            "localhost", "example.com", "010.0.0.0/8", "256.0.0.0/8", "10.0.0.0 /8", "fe80::1%eth0", "2001:db8::/129",
            "1:2:3:4:5:6:7:8:9", "2001:db8:::1", "::ffff:10.0.0.0/64", "[2001:db8::]/32", "10.0.0.0/x"})
    void anythingButAnAddressOrCidrRangeIsRefusedByName(String entry) {
        assertThatThrownBy(() -> IpRanges.parse("192.0.2.0/24," + entry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + entry.trim());
    }

    private static byte[] ip(String literal) {
        byte[] address = IpAddresses.parse(literal);
        assertThat(address).as(literal).isNotNull();
        return address;
    }
}
