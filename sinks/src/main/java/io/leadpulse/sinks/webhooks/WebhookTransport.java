package io.leadpulse.sinks.webhooks;

import java.io.IOException;

/**
 * Sends one request to a subscriber and returns its answer. It never follows redirects (a 3xx is an answer like any
 * other), gives up after 10 s, and connects only to addresses its guard allowed (see {@link BlockedAddressException}).
 * Safe for concurrent use.
 */
public interface WebhookTransport extends AutoCloseable {
    /**
     * @throws BlockedAddressException when the host resolves to an address on the block list
     * @throws IOException             when there is no answer: refused, reset, TLS failure, or no answer within 10 s
     */
    Reply post(OutgoingRequest request) throws IOException;

    @Override
    void close();
}
