package io.leadpulse.gateway.redirect;

import io.leadpulse.gateway.network.ClientNetworks;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * Who made a request, as far as LeadPulse may know: the visitor cookie, the truncated network, the user agent, and
 * why it is not a customer (null for a person).
 */
public record Requester(String visitorId, String network, String userAgent, String nonCustomerReason) {
    private static final int MAX_USER_AGENT = 512;

    /** The same requester, known now not to be a customer for this reason. */
    public Requester flaggedAs(String reason) {
        return new Requester(visitorId, network, userAgent, reason);
    }

    public static Requester of(HttpServerExchange exchange, Visitors visitors, CustomerClassifier classifier) {
        String userAgent = exchange.getRequestHeaders().getFirst(Headers.USER_AGENT);
        String method = exchange.getRequestMethod().toString();
        InetSocketAddress client = exchange.getSourceAddress();
        return new Requester(
                visitors.identify(exchange),
                ClientNetworks.truncate(client),
                userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT),
                classifier.nonCustomerReason(method, userAgent, client == null ? null : client.getAddress()).orElse(null));
    }
}
