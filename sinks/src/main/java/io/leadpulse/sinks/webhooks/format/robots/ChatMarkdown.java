package io.leadpulse.sinks.webhooks.format.robots;

import io.leadpulse.sinks.webhooks.format.text.AlertText;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out {@link AlertText}s in a robot's markdown dialect: a bold headline, one labelled line per field, the
 * customer's words as quotes. The dialects differ only in the details held by {@link Style}.
 */
final class ChatMarkdown {
    /**
     * @param bold        wraps text to make it bold ({@code **} in most robots, {@code *} in Slack)
     * @param lineBreak   between lines ({@code \n\n} for DingTalk, which joins single line breaks)
     * @param quote       starts a quoted line
     * @param dot         separates the parts of a compact line
     */
    record Style(String bold, String lineBreak, String quote, String dot) {
    }

    static final Style COMMON = new Style("**", "\n", "> ", " \u00b7 ");

    private final Style style;

    ChatMarkdown(Style style) {
        this.style = style;
    }

    String bold(String text) {
        return style.bold() + text + style.bold();
    }

    /** One alert: its headline (unless a title already shows it) and its fields, or one compact line. */
    String alert(AlertText text, boolean withHeadline, boolean compact) {
        if (compact) {
            return String.join(style.dot(), bold(text.headline()), text.rep(), text.when());
        }
        List<String> lines = new ArrayList<>();
        if (withHeadline) {
            lines.add(bold(text.headline()));
        }
        for (AlertText.Field field : text.fields()) {
            lines.add(bold(field.label()) + text.labelSeparator() + field.value());
        }
        if (text.hasQuotes()) {
            AlertText.Quotes quotes = text.quotes();
            lines.add(bold(quotes.label()) + (quotes.note() != null ? text.labelSeparator() + quotes.note() : text.labelSeparator().strip()));
            for (String message : quotes.messages()) {
                lines.add(style.quote() + "\u201c" + message + "\u201d");
            }
        }
        return String.join(style.lineBreak(), lines);
    }

    /** A merged message: the summary, then each alert with its headline. */
    String merged(String summary, List<String> alerts) {
        List<String> parts = new ArrayList<>(alerts.size() + 1);
        parts.add(bold(summary));
        parts.addAll(alerts);
        return String.join(style.lineBreak() + style.lineBreak(), parts);
    }
}
