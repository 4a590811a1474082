package io.leadpulse.gateway.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClickIdsTest {
    private final ClickIds ids = new ClickIds("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @Test
    void issuedIdsAreGenuineUniqueAndNameTheirLink() {
        String first = ids.issue("7fQk2cAbCdEf");
        String second = ids.issue("7fQk2cAbCdEf");

        assertThat(ids.isGenuine(first)).isTrue();
        assertThat(first).isNotEqualTo(second);
        assertThat(ClickIds.codeOf(first)).isEqualTo("7fQk2cAbCdEf");
    }

    @Test
    void alteredForgedOrForeignIdsAreRejected() {
        String id = ids.issue("7fQk2cAbCdEf");
        String otherCode = id.replace("7fQk2cAbCdEf", "XXXXXXXXXXXX");
        ClickIds otherGateway = new ClickIds("another key of at least 16 bytes".getBytes(StandardCharsets.US_ASCII));

        assertThat(ids.isGenuine(otherCode)).isFalse();
        assertThat(ids.isGenuine(otherGateway.issue("7fQk2cAbCdEf"))).isFalse();
        assertThat(ids.isGenuine("7fQk2cAbCdEf.AAAAAAAAAAAA.AAAAAAAAAAAAAAAA")).isFalse();
        assertThat(ids.isGenuine("no-dots")).isFalse();
        assertThat(ids.isGenuine("a.b.!!!")).isFalse();
        assertThat(ids.isGenuine(null)).isFalse();
    }
}
