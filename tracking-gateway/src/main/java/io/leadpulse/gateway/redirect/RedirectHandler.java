package io.leadpulse.gateway.redirect;

import io.leadpulse.gateway.http.PathParameters;
import io.leadpulse.gateway.links.Link;
import io.leadpulse.gateway.links.LinkRegistry;
import io.leadpulse.gateway.publish.EventPublisher;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.Click;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET|HEAD /l/{code}}: answers 302 to the link's target with a signed click id, on the IO thread, from
 * memory only; the click goes to Kafka through the non-blocking publisher, which makes its event off the IO thread.
 * Unknown or expired codes get a 404 page.
 */
public final class RedirectHandler implements HttpHandler {
    private static final String NOT_FOUND_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>
            <body><h1>This link does not exist or has expired</h1>
            <p>Ask the person who sent it to you for a new one.</p></body></html>
            """;

    private final LinkRegistry links;
    private final EventPublisher publisher;
    private final ClickIds clickIds;
    private final Visitors visitors;
    private final CustomerClassifier classifier;
    private final FlaggedRequests flagged;
    private final ScannerSignals scanners = new ScannerSignals();
    private final Clock clock;

    public RedirectHandler(LinkRegistry links, EventPublisher publisher, ClickIds clickIds, Visitors visitors,
                           CustomerClassifier classifier, FlaggedRequests flagged, Clock clock) {
        this.links = links;
        this.classifier = classifier;
        this.flagged = flagged;
        this.publisher = publisher;
        this.clickIds = clickIds;
        this.visitors = visitors;
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String code = PathParameters.get(exchange, "code");
        Instant now = clock.instant();
        Link link = links.findLive(code, now).orElse(null);
        if (link == null) {
            exchange.setStatusCode(404);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getResponseSender().send(NOT_FOUND_PAGE);
            return;
        }
        String clickId = clickIds.issue(link.code());
        RequestSeen seen = RequestSeen.of(exchange, visitors);
        publisher.publish(Topics.CLICKS, link.eventKey(), () -> click(link, clickId, now, seen));

        exchange.setStatusCode(302);
        exchange.getResponseHeaders().put(Headers.LOCATION, RedirectTargets.withClickId(link.targetUrl(), clickId));
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.endExchange();
    }

    /**
     * The click's event, made on the event sender's thread: who the requester is, with the scanner timing judged in the
     * order the clicks were queued.
     */
    private Click click(Link link, String clickId, Instant now, RequestSeen seen) {
        Requester requester = Requester.of(seen, classifier);
        if (requester.nonCustomerReason() == null || CustomerClassifier.HEAD.equals(requester.nonCustomerReason())) {
            requester = scanners.judge(link.code(), requester.network(), requester.userAgent(), seen.method(), now, link.createdAt())
                    .map(requester::flaggedAs).orElse(requester);
        }
        flagged.count("/l/{code}", requester);
        return Click.newBuilder()
                .setClickId(clickId)
                .setCode(link.code())
                .setTeamId(link.teamId())
                .setRepId(link.repId())
                .setLeadId(link.leadId())
                .setContentId(link.contentId())
                .setTitle(link.title())
                .setOccurredAt(now)
                .setLinkCreatedAt(link.createdAt())
                .setMethod(seen.method())
                .setUserAgent(requester.userAgent())
                .setVisitorId(requester.visitorId())
                .setNetwork(requester.network())
                .setNonCustomerReason(requester.nonCustomerReason())
                .build();
    }
}
