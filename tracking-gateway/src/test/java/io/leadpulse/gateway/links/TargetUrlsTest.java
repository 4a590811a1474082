package io.leadpulse.gateway.links;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "http://example.com/a?b=c#d", "https://例子.测试/路径", "HTTPS://EXAMPLE.COM/X"})
    void acceptsAbsoluteHttpAndHttpsUrls(String url) {
        assertThat(TargetUrls.problemWith(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,hi", "ftp://example.com/f", "/relative/path",
            "//example.com/x", "https://user:pass@example.com/", "https://example.com/a b", "https://exa\u0000mple.com",
            "https://example.com/\r\nSet-Cookie:x", "https://", "mailto:a@b.c", ""})
    void refusesEverythingElse(String url) {
        assertThat(TargetUrls.problemWith(url)).isPresent();
    }
}
