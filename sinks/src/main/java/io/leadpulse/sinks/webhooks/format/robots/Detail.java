package io.leadpulse.sinks.webhooks.format.robots;

import io.leadpulse.sinks.webhooks.format.text.TextBudget;
import java.util.List;

/**
 * How much a message shows, from everything down to one line per alert. A robot renders at the richest level that fits
 * its size limit, so a single alert keeps the customer's words while ten merged alerts with long texts lose the texts
 * first and never an alert.
 *
 * @param budget  how much untrusted text each alert may show
 * @param compact one line per alert (headline, rep, time) instead of the labelled fields
 */
record Detail(TextBudget budget, boolean compact) {
    static final List<Detail> RICHEST_FIRST = List.of(
            new Detail(new TextBudget(80, 300), false),
            new Detail(new TextBudget(80, 100), false),
            new Detail(new TextBudget(60, 30), false),
            new Detail(new TextBudget(60, 0), false),
            new Detail(new TextBudget(24, 0), true));
}
