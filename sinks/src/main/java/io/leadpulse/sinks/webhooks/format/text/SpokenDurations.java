package io.leadpulse.sinks.webhooks.format.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A duration as a person says it: 92 s, 15 min, 3 days, 25 h 30 min. Short durations keep their seconds (a deep read
 * of 92 s is not "1 min"); long ones are said in their two largest units and lose the rest.
 */
final class SpokenDurations {
    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    private SpokenDurations() {
    }

    static String of(long seconds, Wording words) {
        long s = Math.max(0, seconds);
        List<String> parts = new ArrayList<>(2);
        if (s < 2 * MINUTE) {
            parts.add(unit(words, "duration.seconds", s));
        } else if (s < 2 * HOUR) {
            parts.add(unit(words, "duration.minutes", s / MINUTE));
        } else if (s < 2 * DAY) {
            parts.add(unit(words, "duration.hours", s / HOUR));
            if (s % HOUR >= MINUTE) {
                parts.add(unit(words, "duration.minutes", s % HOUR / MINUTE));
            }
        } else {
            parts.add(unit(words, "duration.days", s / DAY));
            if (s % DAY >= HOUR) {
                parts.add(unit(words, "duration.hours", s % DAY / HOUR));
            }
        }
        return String.join(words.text("duration.separator"), parts);
    }

    private static String unit(Wording words, String key, long n) {
        return words.fill(key, Map.of("n", Long.toString(n)));
    }
}
