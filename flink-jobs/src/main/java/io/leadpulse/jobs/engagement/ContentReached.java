package io.leadpulse.jobs.engagement;

import io.leadpulse.jobs.alerts.Alerts;
import io.leadpulse.jobs.alerts.AlertTypes;
import io.leadpulse.jobs.state.StableHash;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The rule for {@code content.reached}: a customer's click, not a HEAD, not a bot, not a repeat by the same visitor. */
public final class ContentReached {
    /** What a click amounts to. */
    public enum Verdict { REACHED, NOT_A_CUSTOMER, REPEAT }

    private ContentReached() {
    }

    /**
     * @param lastCounted when this visitor's last counted click on the same link happened, or null
     * @param repeatWindow the team's {@code duplicateClickWindowSeconds}
     */
    public static Verdict judge(Click click, Instant lastCounted, Duration repeatWindow) {
        if (click.getNonCustomerReason() != null || "HEAD".equalsIgnoreCase(click.getMethod())) {
            return Verdict.NOT_A_CUSTOMER;
        }
        if (lastCounted != null && Duration.between(lastCounted, click.getOccurredAt()).abs().compareTo(repeatWindow) < 0) {
            return Verdict.REPEAT;
        }
        return Verdict.REACHED;
    }

    /**
     * The link a click was on, with its team: the key under which the job remembers the link's visitors. Link codes
     * never hold a {@code /} (they are letters and digits), so the team is everything before the last one.
     */
    public static String linkOf(Click click) {
        return click.getTeamId() + "/" + click.getCode();
    }

    /** The team of a link key made by {@link #linkOf}. */
    public static String teamOfLink(String link) {
        return link.substring(0, link.lastIndexOf('/'));
    }

    /** Who can repeat a click on the same link: its visitor (a click without a visitor stands alone, by its id). */
    public static String visitorOf(Click click) {
        return click.getVisitorId() != null ? click.getVisitorId() : click.getClickId();
    }

    /**
     * The visitor of {@link #visitorOf} as a number, by which the job remembers them for the repeat window: a 64-bit
     * hash ({@link StableHash}), the same in every release, so checkpoints outlive upgrades.
     * Two visitors of one link within its window share a number with a chance of about n / 2^64 per click for n
     * visitors (for a million, 5 in 10^14): the cost of the rare shared number is one uncounted click. Remembered as a
     * string, writing the visitors char by char was a third of the heap checkpoint's time at 5,000 clicks/s.
     */
    public static long visitorKeyOf(Click click) {
        return StableHash.of(visitorOf(click));
    }

    public static Alert alert(Click click, Instant detectedAt) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("code", click.getCode());
        facts.put("clickId", click.getClickId());
        facts.put("contentId", click.getContentId());
        facts.put("title", click.getTitle());
        return Alerts.alert(AlertTypes.CONTENT_REACHED, click.getClickId(), click.getTeamId(), click.getRepId(), click.getLeadId(),
                click.getOccurredAt().toEpochMilli(), detectedAt.toEpochMilli(), message(click), facts);
    }

    private static String message(Click click) {
        String who = click.getLeadId() != null ? click.getLeadId() : "A customer";
        String what = click.getTitle() != null ? "'" + click.getTitle() + "'" : "the link " + click.getCode();
        return who + " opened " + what;
    }
}
