package io.leadpulse.sinks.webhooks.format.text;

import java.util.List;

/**
 * What one alert says to a person, in the team's language, with every untrusted part already escaped for one robot:
 * a headline (what happened to whom), then labelled fields (lead, rep, why, when), then the customer's own words where
 * the alert carries them. Robots only add their markup around it.
 *
 * @param rep  the rep as shown in the fields, for the one-line form of the alert
 * @param when the time as shown in the fields
 * @param labelSeparator what goes between a label and its value in this language ({@code ": "}, {@code "："})
 */
public record AlertText(String headline, List<Field> fields, Quotes quotes, String rep, String when, String labelSeparator) {
    public AlertText {
        fields = List.copyOf(fields);
    }

    public record Field(String label, String value) {
    }

    /**
     * The customer's last messages, for alerts that carry them.
     *
     * @param label    what they are
     * @param messages the messages, each one line, escaped and shortened to the budget
     * @param note     said instead of (or after) the messages: none recorded, or left out to fit
     */
    public record Quotes(String label, List<String> messages, String note) {
        public Quotes {
            messages = List.copyOf(messages);
        }
    }

    public boolean hasQuotes() {
        return quotes != null;
    }
}
