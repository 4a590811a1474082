package io.leadpulse.sinks.webhooks.format.text;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.sinks.webhooks.Language;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an alert into what a manager reads at a glance: which figures of its {@code facts} explain it (seconds read,
 * silence length, load against capacity...), said in the team's language with {@link Wording}. Alert types this
 * version does not know are still delivered, with their type as the headline and their own message as the reason.
 */
public final class AlertTexts {
    private static final String OTHER = "other";

    private AlertTexts() {
    }

    public static AlertText of(Alert alert, Language language, Escaper escaper, TextBudget budget) {
        Wording words = Wording.of(language);
        String kind = words.has(alert.getType() + ".headline") ? alert.getType() : OTHER;
        Map<String, String> values = values(alert, words, escaper, budget);
        List<AlertText.Field> fields = new ArrayList<>(4);
        if (alert.getLeadId() != null) {
            fields.add(new AlertText.Field(words.text("label.lead"), values.get("lead")));
        }
        fields.add(new AlertText.Field(words.text("label.rep"), values.get("rep")));
        fields.add(new AlertText.Field(words.text("label.why"), words.fill(kind + ".why", values)));
        String when = words.time(alert.getOccurredAt());
        fields.add(new AlertText.Field(words.text("label.when"), when));
        return new AlertText(words.fill(kind + ".headline", values), fields, quotes(alert, words, escaper, budget),
                values.get("rep"), when, words.text("label.separator"));
    }

    /** The name of an alert's type, for a merged message's summary. */
    public static String typeName(String type, Language language) {
        Wording words = Wording.of(language);
        return words.text((words.has(type + ".name") ? type : OTHER) + ".name");
    }

    private static Map<String, String> values(Alert alert, Wording words, Escaper escaper, TextBudget budget) {
        Facts facts = new Facts(alert, words, escaper, budget);
        Map<String, String> values = new HashMap<>();
        values.put("lead", alert.getLeadId() != null ? facts.untrusted(alert.getLeadId()) : words.text("lead.none"));
        values.put("rep", alert.getRepId() != null ? facts.untrusted(alert.getRepId()) : words.text("rep.none"));
        values.put("code", facts.text("code"));
        values.put("content", content(facts, words));
        values.put("visible", facts.duration("visibleSeconds"));
        values.put("activity", activity(alert, words));
        values.put("after", facts.duration("secondsAfterReach"));
        values.put("silence", facts.duration("silenceSeconds"));
        values.put("since", facts.time("silentSince"));
        values.put("assignedAt", facts.time("assignedAt"));
        values.put("limit", facts.duration("firstResponseSeconds"));
        values.put("awaiting", facts.number("awaitingFirstResponse"));
        values.put("capacity", facts.number("capacity"));
        values.put("openLeads", facts.number("openLeads"));
        values.put("loadPct", facts.number("loadPct"));
        values.put("type", facts.untrusted(alert.getType()));
        values.put("message", facts.untrusted(alert.getMessage()));
        return values;
    }

    private static String content(Facts facts, Wording words) {
        if (facts.raw("title") != null) {
            return words.fill("content.titled", Map.of("title", facts.text("title")));
        }
        String code = facts.raw("contentId") != null ? facts.text("contentId") : facts.text("code");
        return words.fill("content.untitled", Map.of("code", code != null ? code : words.text("unknown")));
    }

    private static String activity(Alert alert, Wording words) {
        Object type = alert.getFacts().get("activity");
        String key = "activity." + type;
        return type != null && words.has(key) ? words.text(key) : words.text("activity.other");
    }

    private static AlertText.Quotes quotes(Alert alert, Wording words, Escaper escaper, TextBudget budget) {
        if (!(alert.getFacts().get("lastCustomerMessages") instanceof List<?> messages)) {
            return null;
        }
        String label = words.text("label.customerMessages");
        if (messages.isEmpty()) {
            return new AlertText.Quotes(label, List.of(), words.text("customerMessages.none"));
        }
        if (budget.quoteChars() == 0) {
            return new AlertText.Quotes(label, List.of(),
                    words.fill("customerMessages.leftOut", Map.of("count", Integer.toString(messages.size()))));
        }
        List<String> shown = new ArrayList<>(messages.size());
        for (Object message : messages) {
            shown.add(escaper.escape(Untrusted.oneLine(String.valueOf(message), budget.quoteChars())));
        }
        return new AlertText.Quotes(label, shown, null);
    }

    /** An alert's facts as text: untrusted strings cleaned, cut and escaped; figures and times spoken. */
    private record Facts(Alert alert, Wording words, Escaper escaper, TextBudget budget) {
        Object raw(String name) {
            return alert.getFacts().get(name);
        }

        String untrusted(String text) {
            return escaper.escape(Untrusted.oneLine(text, budget.valueChars()));
        }

        String text(String name) {
            Object value = raw(name);
            return value == null ? null : untrusted(String.valueOf(value));
        }

        String number(String name) {
            Object value = raw(name);
            if (value instanceof Double || value instanceof Float) {
                return Long.toString(Math.round(((Number) value).doubleValue()));
            }
            return value instanceof Number number ? Long.toString(number.longValue()) : null;
        }

        String duration(String name) {
            return raw(name) instanceof Number seconds ? SpokenDurations.of(seconds.longValue(), words) : null;
        }

        String time(String name) {
            Object value = raw(name);
            if (value == null) {
                return null;
            }
            try {
                return words.time(Instant.parse(String.valueOf(value)));
            } catch (DateTimeParseException e) {
                return text(name);
            }
        }
    }
}
