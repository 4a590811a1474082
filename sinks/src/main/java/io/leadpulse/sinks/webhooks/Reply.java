package io.leadpulse.sinks.webhooks;

import java.util.Map;
import java.util.Optional;

/**
 * What a subscriber's endpoint answered.
 *
 * @param status  the HTTP status
 * @param headers response headers, names in lower case, the first value of each
 * @param body    the start of the response body as UTF-8 text (bounded; robots put their error codes here)
 */
public record Reply(int status, Map<String, String> headers, String body) {
    public Reply {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }
}
