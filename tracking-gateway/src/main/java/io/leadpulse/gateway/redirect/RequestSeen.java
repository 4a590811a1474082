package io.leadpulse.gateway.redirect;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * What the IO thread reads off a request for its event, and nothing more: who the requester is ({@link Requester}) is
 * judged from it later, on the event sender's thread, so that the IO thread answers sooner. The visitor is identified
 * here, because a new one gets its cookie in the response.
 */
public record RequestSeen(String visitorId, String userAgent, String method, InetSocketAddress client) {
    public static RequestSeen of(HttpServerExchange exchange, Visitors visitors) {
        return new RequestSeen(visitors.identify(exchange), exchange.getRequestHeaders().getFirst(Headers.USER_AGENT),
                exchange.getRequestMethod().toString(), exchange.getSourceAddress());
    }
}
