package io.leadpulse.sinks.webhooks.format.text;

/**
 * Makes untrusted text (what a customer wrote, ids and titles from other systems) safe to embed in one robot's
 * markup: it must show as written and never become a mention, a link or formatting.
 */
@FunctionalInterface
public interface Escaper {
    /** For places that take text literally (a plain-text title). */
    Escaper LITERAL = text -> text;

    String escape(String untrusted);
}
