package io.leadpulse.gateway.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedirectTargetsTest {

    @ParameterizedTest
    @CsvSource({
            "https://example.com, https://example.com?lp_c=abc.d",
            "https://example.com/a/b, https://example.com/a/b?lp_c=abc.d",
            "https://example.com/p?x=1, https://example.com/p?x=1&lp_c=abc.d",
            "https://example.com/p?, https://example.com/p?lp_c=abc.d",
            "https://example.com/p?x=1&, https://example.com/p?x=1&lp_c=abc.d",
            "https://example.com/p#section-2, https://example.com/p?lp_c=abc.d#section-2",
            "https://example.com/p?x=1#top?no, https://example.com/p?x=1&lp_c=abc.d#top?no",
    })
    void addsTheClickIdWithoutBreakingTheTargetsQueryOrFragment(String target, String expected) {
        assertThat(RedirectTargets.withClickId(target, "abc.d")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "aZ09-_.~, aZ09-_.~",
            "a b&c=d, a+b%26c%3Dd",
            "x#y?é, x%23y%3F%C3%A9",
    })
    void encodesAClickIdOnlyWhereItHasCharactersAQueryCannotCarry(String clickId, String encoded) {
        assertThat(RedirectTargets.withClickId("https://example.com/p", clickId)).isEqualTo("https://example.com/p?lp_c=" + encoded);
    }
}
