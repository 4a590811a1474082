package io.leadpulse.gateway.redirect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts requests flagged as not a customer, per route and reason ({@code lp_gateway_not_customer_total}), as their
 * events are made on the event sender's thread.
 */
public final class FlaggedRequests {
    private final MeterRegistry registry;
    /** Counters by route, then by reason: both are constants, so no name is built per request. */
    private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

    public FlaggedRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String route, Requester requester) {
        String reason = requester.nonCustomerReason();
        if (reason == null) {
            return;
        }
        Map<String, Counter> byReason = counters.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
        Counter counter = byReason.get(reason);
        if (counter == null) {
            counter = byReason.computeIfAbsent(reason, r -> Counter.builder("lp_gateway_not_customer")
                    .description("Requests redirected or served but flagged as not a customer, by reason, counted as their events"
                            + " are made (a request whose event the full queue refused is counted in lp_gateway_events_rejected only)")
                    .tag("route", route).tag("reason", reason)
                    .register(registry));
        }
        counter.increment();
    }
}
