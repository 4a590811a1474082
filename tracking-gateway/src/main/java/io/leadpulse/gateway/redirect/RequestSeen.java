package io.leadpulse.gateway.redirect;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * What the IO thread reads off a request for its event, and nothing more: who the requester is ({@link Requester}) is
 * judged from it later, on the event sender's thread, so that the IO thread answers sooner. The visitor is identified
 * here, because a new one gets its cookie in the response.
 *
 * @param userAgent at most {@link #MAX_JUDGED_USER_AGENT} characters: a header of 16 KB would otherwise wait in the memory
 *                  queue whole and be searched for bot names by the one sender thread (real ones are under 512; a bot
 *                  name further in is not seen)
 */
public record RequestSeen(String visitorId, String userAgent, String method, InetSocketAddress client) {
    static final int MAX_JUDGED_USER_AGENT = 1024;

    public static RequestSeen of(HttpServerExchange exchange, Visitors visitors) {
        String userAgent = exchange.getRequestHeaders().getFirst(Headers.USER_AGENT);
        return new RequestSeen(visitors.identify(exchange),
                userAgent == null || userAgent.length() <= MAX_JUDGED_USER_AGENT ? userAgent : userAgent.substring(0, MAX_JUDGED_USER_AGENT),
                exchange.getRequestMethod().toString(), exchange.getSourceAddress());
    }
}
