package io.leadpulse.gateway.dwell;

import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.PathParameters;
import io.leadpulse.gateway.links.Link;
import io.leadpulse.gateway.links.LinkRegistry;
import io.leadpulse.gateway.publish.EventPublisher;
import io.leadpulse.gateway.redirect.CustomerClassifier;
import io.leadpulse.gateway.redirect.FlaggedRequests;
import io.leadpulse.gateway.redirect.RequestSeen;
import io.leadpulse.gateway.redirect.Requester;
import io.leadpulse.gateway.redirect.Visitors;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.PixelOpen;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /p/{code}.gif}: a 1x1 transparent GIF, never cached; a fetch for a live link is an open. Unknown codes get
 * the same image (no broken picture in a mail) but no event.
 */
public final class PixelHandler implements HttpHandler {
    /** The smallest transparent GIF: 43 bytes. */
    static final byte[] TRANSPARENT_GIF = {
            'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0,
            0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            0x21, (byte) 0xF9, 4, 1, 0, 0, 0, 0,
            0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0,
            2, 2, 0x44, 1, 0, 0x3B};
    private static final String SUFFIX = ".gif";

    private final LinkRegistry links;
    private final EventPublisher publisher;
    private final Visitors visitors;
    private final CustomerClassifier classifier;
    private final FlaggedRequests flagged;
    private final Clock clock;

    public PixelHandler(LinkRegistry links, EventPublisher publisher, Visitors visitors, CustomerClassifier classifier,
                        FlaggedRequests flagged, Clock clock) {
        this.links = links;
        this.flagged = flagged;
        this.publisher = publisher;
        this.visitors = visitors;
        this.classifier = classifier;
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String file = PathParameters.get(exchange, "file");
        if (!file.endsWith(SUFFIX)) {
            ApiError.notFound(exchange);
            return;
        }
        String code = file.substring(0, file.length() - SUFFIX.length());
        Instant now = clock.instant();
        Link link = links.findLive(code, now).orElse(null);
        if (link != null) {
            RequestSeen seen = RequestSeen.of(exchange, visitors);
            publisher.publish(Topics.OPENS, link.eventKey(), () -> open(link, now, seen));
        }
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "image/gif");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store, max-age=0");
        exchange.getResponseSender().send(ByteBuffer.wrap(TRANSPARENT_GIF));
    }

    /** The open's event, made on the event sender's thread. */
    private PixelOpen open(Link link, Instant now, RequestSeen seen) {
        Requester requester = Requester.of(seen, classifier);
        flagged.count("/p/{code}.gif", requester);
        return PixelOpen.newBuilder()
                .setCode(link.code()).setTeamId(link.teamId()).setRepId(link.repId()).setLeadId(link.leadId())
                .setOccurredAt(now).setUserAgent(requester.userAgent()).setVisitorId(requester.visitorId())
                .setNetwork(requester.network()).setNonCustomerReason(requester.nonCustomerReason())
                .build();
    }
}
