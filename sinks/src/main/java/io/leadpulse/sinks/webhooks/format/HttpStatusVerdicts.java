package io.leadpulse.sinks.webhooks.format;

import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import java.time.Instant;
import java.util.Optional;

/**
 * What an HTTP status says on its own, the same for every format (contract section 5, as Svix and the Standard
 * Webhooks guidance do): 2xx is delivered, 410 Gone disables the subscription, a {@code Retry-After} is honoured, and
 * everything else - 3xx included, since redirects are never followed - is tried again later.
 */
public final class HttpStatusVerdicts {
    /** How much of an error body is kept on a dead letter: enough for a person, not a whole error page. */
    static final int BODY_CHARS_KEPT = 200;

    private HttpStatusVerdicts() {
    }

    public static boolean isSuccess(Reply reply) {
        return reply.status() >= 200 && reply.status() < 300;
    }

    /** The verdict for any answer, read from its status alone. */
    public static Verdict of(Reply reply, Instant receivedAt) {
        if (isSuccess(reply)) {
            return Verdict.delivered();
        }
        String error = error(reply);
        if (reply.status() == 410) {
            return Verdict.disable(error);
        }
        Optional<Instant> notBefore = reply.header("retry-after").flatMap(value -> RetryAfter.parse(value, receivedAt));
        return notBefore.map(at -> Verdict.retryNotBefore(at, error)).orElseGet(() -> Verdict.retry(error));
    }

    /** {@code HTTP 500: <the first 200 characters of the body>}, for a person reading a dead letter. */
    public static String error(Reply reply) {
        String body = reply.body() == null ? "" : reply.body().strip();
        return "HTTP " + reply.status() + (body.isEmpty() ? "" : ": " + firstChars(body, BODY_CHARS_KEPT));
    }

    static String firstChars(String text, int chars) {
        if (text.codePointCount(0, text.length()) <= chars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, chars));
    }
}
