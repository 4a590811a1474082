package io.leadpulse.sinks.webhooks.format.text;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.sinks.webhooks.Language;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one line that opens a merged message ("3 LeadPulse alerts: 2 × Lead silent, 1 × Deep read"), so a manager knows
 * what the message holds before reading it. Made of type names and counts only: nothing in it needs escaping.
 */
public final class Summaries {
    private Summaries() {
    }

    public static String of(List<Alert> alerts, Language language) {
        Wording words = Wording.of(language);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            counts.merge(AlertTexts.typeName(alert.getType(), language), 1, Integer::sum);
        }
        List<String> kinds = new ArrayList<>(counts.size());
        counts.forEach((name, count) -> kinds.add(words.fill("summary.kind", Map.of("name", name, "count", count.toString()))));
        return words.fill("summary", Map.of("count", Integer.toString(alerts.size()),
                "kinds", String.join(words.text("summary.separator"), kinds)));
    }
}
