package io.leadpulse.gateway.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code PUT /v1/teams/{teamId}/rules}, checked field by field: the rules to change (null = keep), and
 * {@link #problems()}, everything that is wrong with it. {@code teamId} and {@code updatedAt} may be sent too, so what
 * a GET answered can be sent back as it is: the first must name the team of the path, the second is ignored.
 */
record RulesChange(Duration deepRead, Duration activationWindow, Duration silence, Duration firstResponse,
                   Integer repCapacity, Duration duplicateClickWindow, String language, List<String> problems) {
    /** Longest dwell a deep read may require: t.js reports visible time only, and nobody reads one page for a day. */
    static final Duration MAX_DEEP_READ = Duration.ofDays(1);
    /** Longest activation window, silence and first-response time: a quarter, the longest a sales follow-up plans ahead. */
    static final Duration MAX_WAIT = Duration.ofDays(90);
    /** Longest duplicate-click window: the detection job keeps one entry per visitor and link for that long. */
    static final Duration MAX_DUPLICATE_CLICK_WINDOW = Duration.ofDays(30);
    static final int MAX_REP_CAPACITY = 10_000;
    static final Set<String> LANGUAGES = Set.of("en", "zh");
    static final List<String> FIELDS = List.of("deepReadSeconds", "activationWindowSeconds", "silenceSeconds",
            "firstResponseSeconds", "repCapacity", "duplicateClickWindowSeconds", "language");
    private static final Set<String> READ_ONLY = Set.of("teamId", "updatedAt");
    private static final int MAX_NAMES_SHOWN = 10;
    private static final int MAX_NAME_SHOWN = 64;

    static RulesChange parse(JsonNode body, String teamId) {
        if (!body.isObject()) {
            return invalid("the body must be a JSON object of rules, such as {\"deepReadSeconds\": 90}");
        }
        List<String> problems = new ArrayList<>();
        unknownFields(body).ifPresent(problems::add);
        JsonNode sentTeam = body.get("teamId");
        if (sentTeam != null && !(sentTeam.isTextual() && sentTeam.textValue().equals(teamId))) {
            problems.add("teamId in the body must be the team of the path, " + teamId + ", or left out");
        }
        Duration deepRead = seconds(body, "deepReadSeconds", MAX_DEEP_READ, problems);
        Duration activationWindow = seconds(body, "activationWindowSeconds", MAX_WAIT, problems);
        Duration silence = seconds(body, "silenceSeconds", MAX_WAIT, problems);
        Duration firstResponse = seconds(body, "firstResponseSeconds", MAX_WAIT, problems);
        Long repCapacity = wholeNumber(body, "repCapacity", MAX_REP_CAPACITY, "", problems);
        Duration duplicateClickWindow = seconds(body, "duplicateClickWindowSeconds", MAX_DUPLICATE_CLICK_WINDOW, problems);
        String language = language(body, problems);
        return new RulesChange(deepRead, activationWindow, silence, firstResponse,
                repCapacity == null ? null : repCapacity.intValue(), duplicateClickWindow, language, List.copyOf(problems));
    }

    /** The rules after this change: what it names is replaced, the rest kept. */
    RuleSet applyTo(RuleSet current, Instant now) {
        return new RuleSet(current.teamId(),
                deepRead != null ? deepRead : current.deepRead(),
                activationWindow != null ? activationWindow : current.activationWindow(),
                silence != null ? silence : current.silence(),
                firstResponse != null ? firstResponse : current.firstResponse(),
                repCapacity != null ? repCapacity : current.repCapacity(),
                duplicateClickWindow != null ? duplicateClickWindow : current.duplicateClickWindow(),
                language != null ? language : current.language(),
                now);
    }

    private static RulesChange invalid(String problem) {
        return new RulesChange(null, null, null, null, null, null, null, List.of(problem));
    }

    private static Optional<String> unknownFields(JsonNode body) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name) && !READ_ONLY.contains(name)) {
                unknown.add(name);
            }
        }
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        List<String> shown = unknown.stream().limit(MAX_NAMES_SHOWN).map(RulesChange::shown).toList();
        String more = unknown.size() > MAX_NAMES_SHOWN ? " and " + (unknown.size() - MAX_NAMES_SHOWN) + " more" : "";
        return Optional.of((unknown.size() == 1 ? "unknown field " : "unknown fields ") + String.join(", ", shown)
                + more + "; the rules are " + String.join(", ", FIELDS));
    }

    private static Duration seconds(JsonNode body, String field, Duration max, List<String> problems) {
        Long seconds = wholeNumber(body, field, max.toSeconds(), " seconds (" + max.toDays() + (max.toDays() == 1 ? " day)" : " days)"), problems);
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    /** A whole number from 1 to {@code max}, or null (with a problem when it was sent but is not one). */
    private static Long wholeNumber(JsonNode body, String field, long max, String unit, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        String expected = field + " must be a whole number from 1 to " + max + unit;
        if (!node.isNumber()) {
            problems.add(expected + ", not " + describe(node));
            return null;
        }
        // 90 and 90.0 are the same number in JSON; 90.5 is not whole, and 1e999 is no number at all.
        if (!node.canConvertToExactIntegral()) {
            problems.add(expected + ", not " + shown(node.asText()));
            return null;
        }
        BigDecimal value = node.decimalValue();
        if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            problems.add(expected + ", not " + shown(value.stripTrailingZeros().toPlainString()));
            return null;
        }
        return value.longValueExact();
    }

    private static String language(JsonNode body, List<String> problems) {
        JsonNode node = body.get("language");
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || !LANGUAGES.contains(node.textValue())) {
            problems.add("language must be \"en\" or \"zh\", not " + (node.isTextual() ? "\"" + shown(node.textValue()) + "\"" : describe(node)));
            return null;
        }
        return node.textValue();
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String shown(String text) {
        return text.length() <= MAX_NAME_SHOWN ? text : text.substring(0, MAX_NAME_SHOWN) + "...";
    }
}
