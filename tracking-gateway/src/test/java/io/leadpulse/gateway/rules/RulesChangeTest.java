package io.leadpulse.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a rules change may say, checked without a server. */
class RulesChangeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aChangeReplacesWhatItNamesAndKeepsTheRest() {
        RuleSet current = RuleSet.defaults("t1");

        RuleSet changed = parse("{\"silenceSeconds\": 3600, \"language\": \"zh\"}").applyTo(current, NOW);

        assertThat(changed).isEqualTo(new RuleSet("t1", Duration.ofSeconds(90), Duration.ofSeconds(10_800),
                Duration.ofHours(1), Duration.ofSeconds(900), 8, Duration.ofSeconds(1_800), "zh", NOW));
    }

    @Test
    void theDefaultsAreTheDomainNumbersAndWereNeverUpdated() {
        assertThat(RuleSet.defaults("t1")).isEqualTo(new RuleSet("t1", Duration.ofSeconds(90), Duration.ofHours(3),
                Duration.ofDays(3), Duration.ofMinutes(15), 8, Duration.ofMinutes(30), "en", null));
    }

    @Test
    void everyBoundIsInclusive() {
        RulesChange lowest = parse("{\"deepReadSeconds\": 1, \"activationWindowSeconds\": 1, \"silenceSeconds\": 1,"
                + " \"firstResponseSeconds\": 1, \"repCapacity\": 1, \"duplicateClickWindowSeconds\": 1}");
        RulesChange highest = parse("{\"deepReadSeconds\": 86400, \"activationWindowSeconds\": 7776000, \"silenceSeconds\": 7776000,"
                + " \"firstResponseSeconds\": 7776000, \"repCapacity\": 10000, \"duplicateClickWindowSeconds\": 2592000}");

        assertThat(lowest.problems()).isEmpty();
        assertThat(highest.problems()).isEmpty();
        assertThat(highest.applyTo(RuleSet.defaults("t1"), NOW).silence()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void oneBeyondEachBoundIsRefusedNamingTheRange() {
        assertThat(parse("{\"deepReadSeconds\": 86401}").problems())
                .containsExactly("deepReadSeconds must be a whole number from 1 to 86400 seconds (1 day), not 86401");
        assertThat(parse("{\"silenceSeconds\": 7776001}").problems())
                .containsExactly("silenceSeconds must be a whole number from 1 to 7776000 seconds (90 days), not 7776001");
        assertThat(parse("{\"duplicateClickWindowSeconds\": 2592001}").problems())
                .containsExactly("duplicateClickWindowSeconds must be a whole number from 1 to 2592000 seconds (30 days), not 2592001");
        assertThat(parse("{\"repCapacity\": 10001}").problems())
                .containsExactly("repCapacity must be a whole number from 1 to 10000, not 10001");
        assertThat(parse("{\"firstResponseSeconds\": 0}").problems()).singleElement().asString().endsWith("not 0");
        assertThat(parse("{\"activationWindowSeconds\": -5}").problems()).singleElement().asString().endsWith("not -5");
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointIsTakenButAFractionIsNot() {
        assertThat(parse("{\"deepReadSeconds\": 120.0}").applyTo(RuleSet.defaults("t1"), NOW).deepRead()).isEqualTo(Duration.ofSeconds(120));
        assertThat(parse("{\"deepReadSeconds\": 90.5}").problems()).singleElement().asString().contains("whole number").endsWith("not 90.5");
        assertThat(parse("{\"deepReadSeconds\": 1e999}").problems()).singleElement().asString().contains("whole number");
        assertThat(parse("{\"repCapacity\": 123456789012345678901234567890}").problems()).singleElement().asString()
                .contains("from 1 to 10000");
    }

    @Test
    void numbersMustNotBeSentAsOtherTypes() {
        assertThat(parse("{\"deepReadSeconds\": \"90\"}").problems()).singleElement().asString().endsWith("not a string");
        assertThat(parse("{\"repCapacity\": true}").problems()).singleElement().asString().endsWith("not a boolean");
        assertThat(parse("{\"silenceSeconds\": null}").problems()).singleElement().asString().endsWith("not null");
        assertThat(parse("{\"silenceSeconds\": [1]}").problems()).singleElement().asString().endsWith("not an array");
        assertThat(parse("{\"silenceSeconds\": {\"s\": 1}}").problems()).singleElement().asString().endsWith("not an object");
    }

    @Test
    void theLanguageIsEnOrZhExactly() {
        assertThat(parse("{\"language\": \"en\"}").problems()).isEmpty();
        assertThat(parse("{\"language\": \"fr\"}").problems()).containsExactly("language must be \"en\" or \"zh\", not \"fr\"");
        assertThat(parse("{\"language\": \"ZH\"}").problems()).containsExactly("language must be \"en\" or \"zh\", not \"ZH\"");
        assertThat(parse("{\"language\": 1}").problems()).containsExactly("language must be \"en\" or \"zh\", not a number");
    }

    @Test
    void unknownFieldsAreNamedWithTheFieldsThatExist() {
        assertThat(parse("{\"deepRead\": 90, \"silenceSecs\": 5}").problems()).containsExactly(
                "unknown fields deepRead, silenceSecs; the rules are deepReadSeconds, activationWindowSeconds, silenceSeconds,"
                        + " firstResponseSeconds, repCapacity, duplicateClickWindowSeconds, language");
        assertThat(parse("{\"" + "x".repeat(500) + "\": 1}").problems()).singleElement().asString()
                .startsWith("unknown field " + "x".repeat(64) + "...;");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(parse("{\"deepReadSeconds\": 0, \"language\": \"fr\", \"colour\": \"red\"}").problems())
                .hasSize(3).anyMatch(p -> p.contains("colour")).anyMatch(p -> p.contains("deepReadSeconds")).anyMatch(p -> p.contains("language"));
    }

    @Test
    void whatAGetAnsweredCanBeSentBackAsItIs() {
        RulesChange echoed = parse("{\"teamId\": \"t1\", \"deepReadSeconds\": 60, \"updatedAt\": \"2026-11-01T00:00:00Z\"}");

        assertThat(echoed.problems()).isEmpty();
        assertThat(echoed.applyTo(RuleSet.defaults("t1"), NOW).updatedAt()).isEqualTo(NOW);
        assertThat(parse("{\"teamId\": \"t2\"}").problems()).singleElement().asString().contains("team of the path, t1");
    }

    @Test
    void theBodyMustBeAnObject() {
        for (String body : new String[]{"[]", "90", "\"rules\"", "null", "true"}) {
            assertThat(parse(body).problems()).as(body).singleElement().asString().contains("JSON object");
        }
    }

    @Test
    void aTeamIdIsNonEmptyShortAndFreeOfControlCharacters() {
        assertThat(TeamIds.problemWith("t-1 Sales/Shanghai 销售")).isEmpty();
        assertThat(TeamIds.problemWith("x".repeat(128))).isEmpty();
        assertThat(TeamIds.problemWith("x".repeat(129))).get().asString().contains("longer than 128");
        assertThat(TeamIds.problemWith("")).get().asString().contains("empty");
        assertThat(TeamIds.problemWith("  ")).get().asString().contains("empty");
        assertThat(TeamIds.problemWith("t\n1")).get().asString().contains("control characters");
        assertThat(TeamIds.problemWith("t\u00851")).get().asString().contains("control characters");
    }

    private static RulesChange parse(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return RulesChange.parse(json, "t1");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
