package io.leadpulse.sinks.webhooks.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may reach: IP literals only, so no test here depends on DNS. */
class AddressGuardTest {
    private final AddressGuard guard = new AddressGuard(false);
    private final AddressGuard allowingPrivate = new AddressGuard(true);

    @ParameterizedTest
    @ValueSource(strings = {
        // the forms from the SSRF issue
        "127.1", "2130706433", "[::1]", "[fd00::1]", "169.254.169.254", "100.64.0.1", "0.0.0.0",
        "::ffff:127.0.0.1", "64:ff9b::7f00:1",
        // each IPv4 range, at both ends
        "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.127.255.255", "127.0.0.1", "127.255.255.255",
        "169.254.0.0", "169.254.255.255", "172.16.0.0", "172.31.255.255", "192.168.0.0", "192.168.255.255",
        "192.0.0.0", "192.0.0.255", "198.18.0.0", "198.19.255.255", "224.0.0.1", "239.255.255.250",
        "240.0.0.0", "254.255.255.255", "255.255.255.255",
        // each IPv6 range
        "::", "::1", "fc00::", "fdff:ffff::1", "fe80::1", "febf:ffff::1", "fec0::1", "ff02::1", "ff0e::1",
        // IPv4 inside IPv6: mapped, compatible, NAT64, 6to4
        "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::10.1.2.3",
        "64:ff9b::a9fe:a9fe", "64:ff9b::192.168.0.1", "2002:7f00:1::1", "2002:a9fe:a9fe::", "2002:c0a8:101::1"
    })
    void blocksLoopbackPrivateLinkLocalAndReservedAddresses(String literal) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(guard.allows(address)).as("%s (%s)", literal, address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2001:4860:4860::8888",
        // just outside the blocked ranges
        "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0",
        "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0",
        "192.0.1.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "fbff:ffff::1", "fe00::1",
        // public IPv4 inside IPv6
        "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"
    })
    void allowsPublicAddresses(String literal) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(guard.allows(address)).as("%s (%s)", literal, address).isTrue();
    }

    @Test
    void judgesAnIpv4MappedAddressByItsIpv4AddressWhetherOrNotTheJdkUnwrappedIt() throws UnknownHostException {
        InetAddress parsed = InetAddress.getByName("::ffff:127.0.0.1");
        Inet6Address rawLoopback = mapped(127, 0, 0, 1);
        Inet6Address rawPublic = mapped(8, 8, 8, 8);

        assertThat(parsed).isInstanceOf(Inet4Address.class);
        assertThat(guard.allows(parsed)).isFalse();
        assertThat(guard.allows(rawLoopback)).isFalse();
        assertThat(guard.allows(rawPublic)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fd00::1", "::ffff:192.168.0.1"})
    void allowsEverythingWhenPrivateAddressesAreAllowed(String literal) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(allowingPrivate.allows(address)).isTrue();
        assertThat(allowingPrivate.allows(mapped(127, 0, 0, 1))).isTrue();
    }

    private static Inet6Address mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
