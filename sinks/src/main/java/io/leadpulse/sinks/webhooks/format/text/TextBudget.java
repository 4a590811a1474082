package io.leadpulse.sinks.webhooks.format.text;

/**
 * How much of the untrusted text an alert may show, so that a message fits its robot's size limit.
 *
 * @param valueChars the most code points of an id, a title or a code
 * @param quoteChars the most code points of each customer message; 0 leaves the messages out (their count is said)
 */
public record TextBudget(int valueChars, int quoteChars) {
    public TextBudget {
        if (valueChars < 1 || quoteChars < 0) {
            throw new IllegalArgumentException("a budget is positive");
        }
    }
}
