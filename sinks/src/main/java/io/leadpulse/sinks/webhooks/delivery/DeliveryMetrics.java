package io.leadpulse.sinks.webhooks.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an operator watches on the webhook sink: deliveries by outcome and format, how long attempts take, how many
 * deliveries wait and how many were given up, and stream entries that were not alerts.
 */
final class DeliveryMetrics {
    /** What became of a delivery after an attempt. */
    enum Outcome { DELIVERED, RETRIED, DEAD, DISABLED }

    private final MeterRegistry registry;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Counter invalidEntries;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("lp.webhook.queued", queued, AtomicLong::get)
                .description("webhook deliveries waiting for an attempt or in flight").register(registry);
        Gauge.builder("lp.webhook.dead.letters", deadLetters, AtomicLong::get)
                .description("webhook deliveries given up, waiting for a replay").register(registry);
        this.invalidEntries = Counter.builder("lp.webhook.invalid.entries")
                .description("entries of the alert stream that were not alerts (acknowledged and skipped)").register(registry);
    }

    void delivery(Outcome outcome, String format, int alerts) {
        Counter.builder("lp.webhook.deliveries")
                .description("webhook deliveries (one per alert and subscription) by what an attempt came to")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .tag("format", format)
                .register(registry)
                .increment(alerts);
    }

    void attempt(String format, Duration took) {
        Timer.builder("lp.webhook.attempt")
                .description("time from sending a webhook message to reading its answer")
                .tag("format", format)
                .register(registry)
                .record(took);
    }

    void invalidEntry() {
        invalidEntries.increment();
    }

    void backlog(long queuedDeliveries, long deadLetterCount) {
        queued.set(queuedDeliveries);
        deadLetters.set(deadLetterCount);
    }
}
