package io.leadpulse.gateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpulse.gateway.links.TargetUrls;
import io.leadpulse.gateway.rules.TeamIds;
import io.leadpulse.schemas.v1.WebhookFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body of {@code POST /v1/webhooks}, checked field by field: the subscription it asks for, and {@link #problems()},
 * everything that is wrong with it (all of them at once, so a person fixes the body in one go).
 *
 * @param secret as sent, or null; the secret of the subscription is decided by {@link #toSubscription}
 */
record SubscriptionRequest(String url, WebhookFormat format, List<String> types, List<String> teamIds, String secret,
                           List<String> problems) {
    static final List<String> FIELDS = List.of("url", "format", "types", "teamIds", "secret");
    /** The formats a person may ask for; UNKNOWN only stands for a format a newer writer added. */
    static final List<WebhookFormat> FORMATS = Arrays.stream(WebhookFormat.values())
            .filter(format -> format != WebhookFormat.UNKNOWN).toList();
    /** A subscription names a handful of teams; beyond this it should subscribe to all of them. */
    static final int MAX_TEAMS = 1000;
    /** Robots' signing secrets are short (DingTalk's is 67 characters); this leaves room without storing essays. */
    static final int MAX_ROBOT_SECRET_LENGTH = 256;
    private static final int MAX_SHOWN = 64;

    static SubscriptionRequest parse(JsonNode body) {
        if (!body.isObject()) {
            return new SubscriptionRequest(null, null, List.of(), List.of(), null,
                    List.of("the body must be a JSON object such as {\"url\": \"https://example.com/hooks\", \"format\": \"standard\"}"));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(body, problems);
        String url = url(body, problems);
        WebhookFormat format = format(body, problems);
        List<String> types = names(body, "types", problems);
        List<String> teamIds = names(body, "teamIds", problems);
        String secret = secret(body, format, problems);
        return new SubscriptionRequest(url, format, types, teamIds, secret, List.copyOf(problems));
    }

    /** The new subscription; call only when there are no problems. */
    Subscription toSubscription(String id, Instant createdAt) {
        String signingSecret = format == WebhookFormat.STANDARD && secret == null ? WebhookSecrets.generate() : secret;
        return new Subscription(id, url, format, types, teamIds, signingSecret, createdAt, false, null);
    }

    private static void unknownFields(JsonNode body, List<String> problems) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                unknown.add(shown(name));
            }
        }
        if (!unknown.isEmpty()) {
            problems.add((unknown.size() == 1 ? "unknown field " : "unknown fields ")
                    + String.join(", ", unknown.stream().limit(10).toList())
                    + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "")
                    + "; the fields are " + String.join(", ", FIELDS));
        }
    }

    private static String url(JsonNode body, List<String> problems) {
        JsonNode node = body.get("url");
        if (node != null && !node.isNull() && !node.isTextual()) {
            problems.add("url must be a string, not " + describe(node));
            return null;
        }
        String url = node == null || node.isNull() ? null : node.textValue();
        return TargetUrls.problemWith(url, "url").map(problem -> {
            problems.add(problem);
            return (String) null;
        }).orElse(url);
    }

    private static WebhookFormat format(JsonNode body, List<String> problems) {
        JsonNode node = body.get("format");
        String allowed = String.join(", ", FORMATS.stream().map(SubscriptionRequest::wireName).toList());
        if (node == null || node.isNull()) {
            problems.add("format is required: one of " + allowed);
            return null;
        }
        WebhookFormat format = node.isTextual() ? FORMATS.stream()
                .filter(candidate -> wireName(candidate).equals(node.textValue())).findFirst().orElse(null) : null;
        if (format == null) {
            problems.add("format must be one of " + allowed + ", not "
                    + (node.isTextual() ? "\"" + shown(node.textValue()) + "\"" : describe(node)));
        }
        return format;
    }

    /** {@code types} or {@code teamIds}: a list of distinct names, empty when left out. */
    private static List<String> names(JsonNode body, String field, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field + " must be an array of strings (empty for all), not " + describe(node));
            return List.of();
        }
        if (field.equals("teamIds") && node.size() > MAX_TEAMS) {
            problems.add("teamIds names more than " + MAX_TEAMS + " teams; leave it empty to receive the alerts of all teams");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String at = field + "[" + i + "]";
            if (!item.isTextual()) {
                problems.add(at + " must be a string, not " + describe(item));
            } else if (field.equals("types") && !AlertTypes.ALL.contains(item.textValue())) {
                problems.add(at + " is \"" + shown(item.textValue()) + "\", not an alert type; the types are "
                        + String.join(", ", AlertTypes.ALL));
            } else if (field.equals("teamIds") && TeamIds.problemWith(item.textValue(), at).isPresent()) {
                problems.add(TeamIds.problemWith(item.textValue(), at).get());
            } else if (!seen.add(item.textValue())) {
                problems.add(at + " repeats \"" + shown(item.textValue()) + "\"");
            } else {
                names.add(item.textValue());
            }
        }
        return names;
    }

    private static String secret(JsonNode body, WebhookFormat format, List<String> problems) {
        JsonNode node = body.get("secret");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add("secret must be a string, not " + describe(node));
            return null;
        }
        String secret = node.textValue();
        if (format == null) {
            return null; // which secret fits depends on the format, which is already reported
        }
        switch (format) {
            case STANDARD -> WebhookSecrets.problemWith(secret).ifPresent(problems::add);
            case DINGTALK, FEISHU -> {
                if (secret.isEmpty() || secret.length() > MAX_ROBOT_SECRET_LENGTH
                        || secret.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
                    problems.add("secret for a " + wireName(format) + " robot must be its signing secret: 1 to "
                            + MAX_ROBOT_SECRET_LENGTH + " characters without spaces or control characters");
                }
            }
            default -> problems.add(wireName(format) + " robots do not sign their messages; leave secret out");
        }
        return secret;
    }

    /** How a format is spelled in JSON: the schema's symbol in lower case. */
    static String wireName(WebhookFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String shown(String text) {
        String visible = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return visible.length() <= MAX_SHOWN ? visible : visible.substring(0, MAX_SHOWN) + "...";
    }
}
