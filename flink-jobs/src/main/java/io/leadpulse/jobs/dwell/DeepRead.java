package io.leadpulse.jobs.dwell;

import io.leadpulse.jobs.alerts.AlertTypes;
import io.leadpulse.jobs.alerts.Alerts;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.DwellBeacon;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The rule for {@code lead.deep_read}: the visible time reported for one click reaches the team's {@code deepReadSeconds}. */
public final class DeepRead {
    /** The most one beacon may add: the script beats every 15 s, so more is a forged or broken beacon. */
    public static final Duration MAX_PER_BEACON = Duration.ofMinutes(2);

    private DeepRead() {
    }

    /** What one beacon adds to the click's visible time (the gateway caps it too; the job does not rely on that). */
    public static long visibleMillis(DwellBeacon beacon) {
        return Math.max(0, Math.min(beacon.getVisibleMillis(), MAX_PER_BEACON.toMillis()));
    }

    public static boolean reached(long visibleMillis, Duration deepRead) {
        return visibleMillis >= deepRead.toMillis();
    }

    public static Alert alert(DwellBeacon beacon, long visibleMillis, long detectedAtMillis) {
        long seconds = visibleMillis / 1000;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("code", beacon.getCode());
        facts.put("clickId", beacon.getClickId());
        facts.put("contentId", beacon.getContentId());
        facts.put("title", beacon.getTitle());
        facts.put("visibleSeconds", seconds);
        String who = beacon.getLeadId() != null ? beacon.getLeadId() : "A customer";
        String what = beacon.getTitle() != null ? "'" + beacon.getTitle() + "'" : "the link " + beacon.getCode();
        return Alerts.alert(AlertTypes.DEEP_READ, beacon.getClickId(), beacon.getTeamId(), beacon.getRepId(),
                beacon.getLeadId(), beacon.getOccurredAt().toEpochMilli(), detectedAtMillis,
                who + " has read " + what + " for " + seconds + " s", facts);
    }
}
