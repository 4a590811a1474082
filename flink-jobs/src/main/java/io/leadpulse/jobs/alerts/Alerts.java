package io.leadpulse.jobs.alerts;

import io.leadpulse.schemas.v1.Alert;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** Builds alerts the one way: the id is derived from the type and what the alert is about (see {@link AlertIds}). */
public final class Alerts {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** 10000-01-01T00:00:00Z: from there on, Instant.toString writes a sign and five digits of year. */
    private static final long LAST_FAST_MILLIS = 253_402_300_800_000L;

    private Alerts() {
    }

    /**
     * @param subject what makes this alert one of a kind (a click id, a reach, a silent period), hashed into its id
     */
    public static Alert alert(String type, String subject, String teamId, String repId, String leadId,
                              long occurredAtMillis, long detectedAtMillis, String message, Map<String, Object> facts) {
        // The constructor, not the builder (which copies the schema's field list for every alert); what the builder
        // would refuse is refused here, where the detector that made it is still on the stack.
        Objects.requireNonNull(teamId, () -> type + " without a team");
        return new Alert(AlertIds.of(type, subject), type, teamId, repId, leadId, Instant.ofEpochMilli(occurredAtMillis),
                Instant.ofEpochMilli(detectedAtMillis), message, facts);
    }

    /**
     * The time as {@link Instant#toString} writes it ({@code 2026-12-04T21:06:18Z}, {@code ...18.250Z}), for an alert's
     * facts: written directly for the years 1970 to 9999, since {@code Instant.toString} (a {@code DateTimeFormatter})
     * was a twentieth of the lead task's time, which sets the detection job's rate.
     */
    public static String instant(long epochMillis) {
        if (epochMillis < 0 || epochMillis >= LAST_FAST_MILLIS) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        long days = epochMillis / MILLIS_PER_DAY;
        int millisOfDay = (int) (epochMillis % MILLIS_PER_DAY);
        // Civil date from days since 1970-01-01 (H. Hinnant's civil_from_days), on a calendar of 400-year eras.
        long z = days + 719_468;
        long era = z / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        char[] text = new char[millisOfDay % 1000 == 0 ? 20 : 24];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, millisOfDay / 3_600_000, 2);
        text[13] = ':';
        digits(text, 14, millisOfDay / 60_000 % 60, 2);
        text[16] = ':';
        digits(text, 17, millisOfDay / 1000 % 60, 2);
        if (text.length == 24) {
            text[19] = '.';
            digits(text, 20, millisOfDay % 1000, 3);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** A duration as a person says it in a message: 72 h, 15 min, 40 s. */
    public static String spoken(long seconds) {
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
