package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.BlockedAddressException;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.WebhookTransport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one attempt: renders the message in the receiver's format, sends it and reads the answer. Every way an
 * attempt can fail ends in a verdict with an error a person can read on a dead letter; nothing is thrown.
 */
final class Courier {
    private static final Logger LOG = LoggerFactory.getLogger(Courier.class);

    /** What the attempt came to and how long the receiver took. */
    record Result(Verdict verdict, Duration took) {
    }

    private final WebhookTransport transport;
    private final Clock clock;

    Courier(WebhookTransport transport, Clock clock) {
        this.transport = transport;
        this.clock = clock;
    }

    Result attempt(MessageFormat format, WebhookSubscription subscription, List<Alert> alerts, Language language) {
        long started = System.nanoTime();
        Verdict verdict;
        try {
            Reply reply = transport.post(format.render(subscription, alerts, language, clock.instant()));
            verdict = format.read(reply, clock.instant());
        } catch (BlockedAddressException e) {
            verdict = Verdict.retry("blocked address: " + e.getMessage()
                    + " (webhook targets on loopback or private networks are not allowed)");
        } catch (IOException e) {
            verdict = Verdict.retry("no answer: " + describe(e));
        } catch (RuntimeException e) {
            LOG.error("Could not attempt delivery to subscription {}", subscription.getId(), e);
            verdict = Verdict.retry("could not send: " + describe(e));
        }
        return new Result(verdict, Duration.ofNanos(System.nanoTime() - started));
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null || e.getMessage().isBlank() ? name : name + ": " + e.getMessage();
    }
}
