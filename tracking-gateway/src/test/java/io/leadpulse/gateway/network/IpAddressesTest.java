package io.leadpulse.gateway.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "192.0.2.1, 192.0.2.1",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "::, ::",
            "::1, ::1",
            "2001:DB8::1, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "1::, 1::",
            "::ffff:192.0.2.1, 192.0.2.1",
            "::ffff:c000:201, 192.0.2.1",
            "64:ff9b::192.0.2.1, 64:ff9b::c000:201",
    })
    void literalsAreReadToTheirBytesAndWrittenInCanonicalForm(String literal, String canonical) throws Exception {
        byte[] address = IpAddresses.parse(literal);

        assertThat(address).isNotNull();
        assertThat(IpAddresses.format(address)).isEqualTo(canonical);
        assertThat(InetAddress.getByAddress(address)).isEqualTo(InetAddress.getByName(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "01.2.3.4", "1.2.3.256", "127.1", "2130706433",
            "0x7f.0.0.1", "localhost", "unknown", "_hidden", "1.2.3.4 ", ":", ":::", ":1", "1:", "1::2::3", "12345::",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "fe80::1%eth0",
            "[::1]", "g::1"})
    void anythingElseIsNotAnAddressAndNeverLookedUp(String text) {
        assertThat(IpAddresses.parse(text)).isNull();
    }
}
