package io.leadpulse.sinks.webhooks;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP {@code POST} to a subscriber, ready to send: what a {@link MessageFormat} renders and a
 * {@link WebhookTransport} sends.
 *
 * @param url     where to send it (for signed robots, with the signature's query parameters already added)
 * @param headers request headers besides {@code Content-Type}, which is always {@code application/json}
 * @param body    the request body, UTF-8 JSON
 */
public record OutgoingRequest(URI url, Map<String, String> headers, byte[] body) {
    public OutgoingRequest {
        headers = Map.copyOf(headers);
    }
}
