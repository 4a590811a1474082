package io.leadpulse.gateway.redirect;

import io.leadpulse.gateway.network.ClientNetworks;
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

    /** Who made the request seen: its network truncated, its user agent bounded, and whether it is a customer. */
    public static Requester of(RequestSeen seen, CustomerClassifier classifier) {
        String userAgent = seen.userAgent();
        InetSocketAddress client = seen.client();
        return new Requester(
                seen.visitorId(),
                ClientNetworks.truncate(client),
                userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT),
                classifier.nonCustomerReason(seen.method(), userAgent, client == null ? null : client.getAddress()).orElse(null));
    }
}
