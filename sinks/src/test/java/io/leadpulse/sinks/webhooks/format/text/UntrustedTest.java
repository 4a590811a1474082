package io.leadpulse.sinks.webhooks.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTest {
    @Test
    void lineBreaksAndControlsBecomeOneSpace() {
        assertThat(Untrusted.oneLine("  hello\n\n# heading\r\n> quote\u202e\t end ", 100)).isEqualTo("hello # heading > quote end");
    }

    @Test
    void longTextIsCutAtACharacterBoundaryWithAnEllipsis() {
        assertThat(Untrusted.oneLine("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Untrusted.oneLine("abcdefg", 6)).isEqualTo("abcdef\u2026");
        assertThat(Untrusted.oneLine("\ud83d\ude00\ud83d\ude00\ud83d\ude00", 2)).isEqualTo("\ud83d\ude00\ud83d\ude00\u2026");
        assertThat(Untrusted.oneLine("价格是多少呢", 3)).isEqualTo("价格是\u2026");
    }
}
