package io.leadpulse.schemas;

import java.util.List;

/** The Kafka topics LeadPulse reads and writes; {@link #ALERTS} is part of the public contract. */
public final class Topics {
    /** Tracked links, compacted, key = code. */
    public static final String LINKS = "lp.links";
    /** Clicks on tracked links, key = leadId (or code). */
    public static final String CLICKS = "lp.clicks";
    /** Pixel opens, key = leadId (or code). */
    public static final String OPENS = "lp.opens";
    /** Dwell beacons from t.js, key = leadId (or code). */
    public static final String BEACONS = "lp.beacons";
    /** Lead and activity events from CRMs, IM archives and telephony, key = leadId. */
    public static final String EVENTS = "lp.events";
    /** Each team's live rules (TeamRules), compacted, key = teamId. */
    public static final String RULES = "lp.rules";
    /** Webhook subscriptions (WebhookSubscription), compacted, key = subscription id. */
    public static final String WEBHOOKS = "lp.webhooks";
    /** Records the detection job could not decode: the original bytes, the reason and origin in headers. */
    public static final String DEAD_LETTERS = "lp.dead-letters";
    /** Every alert, exactly once per alert id, key = leadId (repId for rep.* alerts). */
    public static final String ALERTS = "lp.alerts";

    /** How a topic is created when it does not exist yet. */
    public record Spec(String name, int partitions, boolean compacted) {
    }

    public static final List<Spec> ALL = List.of(
            new Spec(LINKS, 1, true),
            new Spec(CLICKS, 4, false),
            new Spec(OPENS, 4, false),
            new Spec(BEACONS, 4, false),
            new Spec(EVENTS, 4, false),
            new Spec(RULES, 1, true),
            new Spec(WEBHOOKS, 1, true),
            new Spec(DEAD_LETTERS, 1, false),
            new Spec(ALERTS, 4, false));

    private Topics() {
    }
}
