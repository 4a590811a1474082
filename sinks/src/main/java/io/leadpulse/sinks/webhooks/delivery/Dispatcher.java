package io.leadpulse.sinks.webhooks.delivery;

import io.leadpulse.schemas.json.AlertJson;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.delivery.pacing.Lane;
import io.leadpulse.sinks.webhooks.delivery.queue.ClaimedDelivery;
import io.leadpulse.sinks.webhooks.delivery.queue.DeliveryQueue;
import io.leadpulse.sinks.webhooks.delivery.routing.Audience;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: takes due deliveries from the queue for every subscription whose lane has room and hands each
 * message to a worker. It never waits for a receiver: a subscription whose lane is full is simply not taken from,
 * so a slow or dead endpoint holds up only its own deliveries. What it takes is leased; an attempt that never
 * reports back (a crash, a close that could not wait) is due again when the lease runs out.
 *
 * <p>For a Standard Webhooks endpoint it also claims up to a lane's worth ahead, in the same round trip, and a
 * place that frees starts the next of those at once on the worker that freed it: one claim's round trip per
 * delivery (10 to 20 ms on a busy machine) otherwise sat between every answer and the next request, and bounded
 * one endpoint's rate. What is claimed ahead is handed back to the queue, unattempted, when the sink closes or when
 * it has waited half its lease (its lane paused or narrowed), so that it is never sent after its lease ran out.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Far longer than an attempt can take (the transport gives up after 10 s). */
    static final Duration LEASE = Duration.ofSeconds(60);
    /** How often the queue is looked at when nothing wakes the scheduler sooner (retries, paced robots). */
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(2);
    /**
     * Attempts in flight across all subscriptions, beyond which nothing more is taken: bounds threads and connections
     * should very many endpoints hang at once (each lane already bounds its own).
     */
    static final int MOST_IN_FLIGHT = 512;

    /**
     * How a subscription is served: its format, its lane and what was claimed ahead for it (guarded by itself),
     * replaced when the subscription's format changes.
     */
    private record Route(WebhookFormat format, MessageFormat messageFormat, Lane lane, Deque<ClaimedDelivery> ahead) {
        String formatName() {
            return format.name().toLowerCase(Locale.ROOT);
        }
    }

    private final SubscriptionTable subscriptions;
    private final TeamLanguages languages;
    private final Function<WebhookFormat, MessageFormat> formats;
    private final DeliveryQueue queue;
    private final Courier courier;
    private final Settlement settlement;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final int endpointConcurrency;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Set<String> unsendable = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread thread;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;
    private Instant nextBacklog = Instant.MIN;

    /** @param endpointConcurrency attempts in flight at once to one Standard Webhooks subscription */
    Dispatcher(SubscriptionTable subscriptions, TeamLanguages languages, Function<WebhookFormat, MessageFormat> formats,
               DeliveryQueue queue, Courier courier, Settlement settlement, Clock clock, DeliveryMetrics metrics,
               int endpointConcurrency) {
        this.subscriptions = subscriptions;
        this.languages = languages;
        this.formats = formats;
        this.queue = queue;
        this.courier = courier;
        this.settlement = settlement;
        this.clock = clock;
        this.metrics = metrics;
        this.endpointConcurrency = endpointConcurrency;
        AtomicInteger workerNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread worker = new Thread(task, "lp-webhook-attempt-" + workerNumber.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        this.thread = new Thread(this::run, "lp-webhook-dispatcher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Something became due (alerts were queued, a lane freed up): look at the queue now rather than at the next tick. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                dispatchDue();
            } catch (RuntimeException e) {
                LOG.warn("Could not take due webhook deliveries: {}", e.getMessage());
                sleep(Duration.ofSeconds(1));
            }
            awaitWakeOrTick();
        }
    }

    private void dispatchDue() {
        Instant now = clock.instant();
        if (!now.isBefore(nextBacklog)) {
            metrics.backlog(queue.queued(subscriptions.ids()), queue.deadLetterCount());
            nextBacklog = now.plus(BACKLOG_EVERY);
        }
        if (inFlight.get() >= MOST_IN_FLIGHT) {
            return;
        }
        Map<String, WebhookSubscription> byId = new LinkedHashMap<>();
        Map<String, Integer> wanted = new LinkedHashMap<>();
        List<ClaimedDelivery> stale = new ArrayList<>();
        for (WebhookSubscription subscription : subscriptions.active()) {
            Optional<Route> found = routeOf(subscription);
            if (found.isEmpty()) {
                continue;
            }
            Route route = found.get();
            stale.addAll(startAhead(subscription, route, now));
            int alerts;
            synchronized (route.ahead()) {
                alerts = route.lane().alertsWanted(now) + route.lane().aheadWanted(route.ahead().size(), now);
            }
            if (alerts > 0) {
                byId.put(subscription.getId(), subscription);
                wanted.put(subscription.getId(), alerts);
            }
        }
        release(stale, now);
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, List<ClaimedDelivery>> claimed = new LinkedHashMap<>();
        for (ClaimedDelivery delivery : queue.claim(wanted, now, now.plus(LEASE))) {
            claimed.computeIfAbsent(delivery.subscriptionId(), id -> new ArrayList<>()).add(delivery);
        }
        claimed.forEach((id, deliveries) -> {
            Route route = routes.get(id);
            synchronized (route.ahead()) {
                route.ahead().addAll(deliveries);
            }
            startAhead(byId.get(id), route, now); // just claimed: none is stale
        });
    }

    /**
     * Starts as many of the deliveries claimed for the subscription as its lane has room for, each message on a
     * worker. Returns those that waited half their lease: the caller hands them back to the queue.
     */
    private List<ClaimedDelivery> startAhead(WebhookSubscription subscription, Route route, Instant now) {
        List<ClaimedDelivery> stale = new ArrayList<>();
        List<List<ClaimedDelivery>> messages;
        synchronized (route.ahead()) {
            Deque<ClaimedDelivery> ahead = route.ahead();
            for (Iterator<ClaimedDelivery> it = ahead.iterator(); it.hasNext(); ) {
                ClaimedDelivery delivery = it.next();
                if (!now.isBefore(delivery.leasedUntil().minus(LEASE.dividedBy(2)))) {
                    it.remove();
                    stale.add(delivery);
                }
            }
            if (!running || inFlight.get() >= MOST_IN_FLIGHT) {
                return stale;
            }
            int take = Math.min(route.lane().alertsWanted(now), ahead.size());
            List<ClaimedDelivery> taken = new ArrayList<>(take);
            for (int i = 0; i < take; i++) {
                taken.add(ahead.poll());
            }
            messages = route.lane().start(taken, now);
            inFlight.addAndGet(messages.size());
        }
        for (List<ClaimedDelivery> message : messages) {
            try {
                workers.execute(() -> {
                    try {
                        attempt(subscription, route, message);
                    } finally {
                        inFlight.decrementAndGet();
                        wake();
                    }
                });
            } catch (RejectedExecutionException closing) {
                // The sink closed between the check and now: the message goes back with what close hands back.
                inFlight.decrementAndGet();
                route.lane().finished(Optional.empty());
                synchronized (route.ahead()) {
                    route.ahead().addAll(message);
                }
            }
        }
        return stale;
    }

    /** Hands deliveries claimed but not attempted back to the queue, due now; if Redis fails, their lease does it. */
    private void release(List<ClaimedDelivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return;
        }
        try {
            queue.release(deliveries, now);
        } catch (RuntimeException e) {
            LOG.warn("Could not hand back {} webhook deliveries claimed ahead; they are due again after their lease: {}",
                    deliveries.size(), e.getMessage());
        }
    }

    /** The subscription's route; a new one when its format changed and its lane is idle; empty if it cannot be sent. */
    private Optional<Route> routeOf(WebhookSubscription subscription) {
        String id = subscription.getId();
        Route known = routes.get(id);
        if (known != null && known.format() == subscription.getFormat()) {
            return Optional.of(known);
        }
        if (known != null && !known.lane().isIdle()) {
            return Optional.empty(); // the format changed: the old lane drains first
        }
        if (known != null) {
            List<ClaimedDelivery> claimedForOldFormat;
            synchronized (known.ahead()) {
                claimedForOldFormat = List.copyOf(known.ahead());
                known.ahead().clear();
            }
            release(claimedForOldFormat, clock.instant());
        }
        MessageFormat messageFormat;
        try {
            messageFormat = formats.apply(subscription.getFormat());
        } catch (RuntimeException e) {
            if (unsendable.add(id)) {
                LOG.warn("Subscription {} has format {}, which this sink cannot send; its deliveries wait in the queue",
                        id, subscription.getFormat());
            }
            return Optional.empty();
        }
        Route route = new Route(subscription.getFormat(), messageFormat, Lane.of(messageFormat, endpointConcurrency),
                new ArrayDeque<>());
        routes.put(id, route);
        return Optional.of(route);
    }

    /** One message, on a worker: never throws, and always frees its place in the lane. */
    private void attempt(WebhookSubscription subscription, Route route, List<ClaimedDelivery> message) {
        boolean laneFreed = false;
        try {
            List<ClaimedDelivery> sendable = new ArrayList<>(message.size());
            List<Alert> alerts = new ArrayList<>(message.size());
            for (ClaimedDelivery delivery : message) {
                try {
                    alerts.add(AlertJson.fromJson(delivery.alertJson()));
                    sendable.add(delivery);
                } catch (IllegalArgumentException e) {
                    settlement.giveUp(delivery, route.formatName(), "the queued alert is unreadable: " + e.getMessage(), clock.instant());
                }
            }
            if (alerts.isEmpty()) {
                return;
            }
            Language language = languages.of(alerts.get(0).getTeamId());
            Courier.Result result = courier.attempt(route.messageFormat(), subscription, alerts, language);
            metrics.attempt(route.formatName(), result.took());
            Verdict verdict = result.verdict();
            Instant answeredAt = clock.instant();
            if (verdict.outcome() != Verdict.Outcome.DISABLE) {
                // The receiver has answered, so its place is free while the outcome is written: the lease keeps these
                // deliveries from being taken again meanwhile. A receiver that is gone keeps its place until it is
                // disabled, so that nothing more is sent to it.
                free(route.lane(), verdict, answeredAt);
                laneFreed = true;
                startNext(subscription.getId(), route, answeredAt);
                wake();
            }
            settlement.settle(subscription, route.formatName(), sendable, verdict, answeredAt);
        } catch (RuntimeException e) {
            // Redis failed us: the lease makes these deliveries due again.
            LOG.warn("Could not record the attempt for subscription {}: {}", subscription.getId(), e.getMessage());
        } finally {
            if (!laneFreed) {
                route.lane().finished(Optional.empty());
            }
        }
    }

    /** A place in the lane is free: the next delivery claimed ahead goes at once, to the subscription as it is now. */
    private void startNext(String subscriptionId, Route route, Instant now) {
        Optional<WebhookSubscription> current = subscriptions.get(subscriptionId).filter(Audience::isActive);
        if (current.isEmpty()) {
            // Deleted or disabled meanwhile: what was claimed ahead was thrown away or given up with it.
            synchronized (route.ahead()) {
                route.ahead().clear();
            }
            return;
        }
        release(startAhead(current.get(), route, now), now);
    }

    /** The receiver has answered: its place is free, and its lane narrows if it failed without saying when to come back. */
    private static void free(Lane lane, Verdict verdict, Instant answeredAt) {
        Optional<Instant> pause = Settlement.pauseAfter(verdict, answeredAt);
        if (verdict.outcome() == Verdict.Outcome.RETRY && pause.isEmpty()) {
            lane.failed();
        } else {
            lane.finished(pause);
        }
    }

    private void awaitWakeOrTick() {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(TICK.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Stops taking deliveries and waits up to {@code grace} for the attempts in flight; anything unfinished is due
     * again when its lease runs out. What was claimed ahead and not started goes back to the queue, due at once.
     */
    void close(Duration grace) {
        running = false;
        wake();
        try {
            thread.join(5000);
            workers.shutdown();
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} webhook attempts were still in flight at close; they are tried again after their lease", inFlight.get());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        List<ClaimedDelivery> unstarted = new ArrayList<>();
        for (Route route : routes.values()) {
            synchronized (route.ahead()) {
                unstarted.addAll(route.ahead());
                route.ahead().clear();
            }
        }
        release(unstarted, clock.instant());
    }
}
