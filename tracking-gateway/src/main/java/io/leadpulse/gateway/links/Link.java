package io.leadpulse.gateway.links;

import io.leadpulse.schemas.v1.LinkCreated;
import java.time.Instant;

/** A tracked link as the gateway serves it. */
public record Link(String code, String repId, String teamId, String leadId, String targetUrl,
                   String contentId, String title, Instant createdAt, Instant expiresAt) {

    public static Link from(LinkCreated record) {
        return new Link(record.getCode(), record.getRepId(), record.getTeamId(), record.getLeadId(),
                record.getTargetUrl(), record.getContentId(), record.getTitle(), record.getCreatedAt(), record.getExpiresAt());
    }

    public LinkCreated toRecord() {
        return LinkCreated.newBuilder()
                .setCode(code).setRepId(repId).setTeamId(teamId).setLeadId(leadId).setTargetUrl(targetUrl)
                .setContentId(contentId).setTitle(title).setCreatedAt(createdAt).setExpiresAt(expiresAt)
                .build();
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** The Kafka key of this link's events: the lead, or the code when the link was made for no lead. */
    public String eventKey() {
        return leadId != null ? leadId : code;
    }
}
