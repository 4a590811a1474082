package io.leadpulse.gateway;

import io.leadpulse.gateway.alerts.AlertStream;
import io.leadpulse.gateway.alerts.AlertStreamApi;
import io.leadpulse.gateway.alerts.AlertsApi;
import io.leadpulse.gateway.auth.ApiKeyAuth;
import io.leadpulse.gateway.dwell.BeaconApi;
import io.leadpulse.gateway.dwell.DwellScript;
import io.leadpulse.gateway.dwell.PixelHandler;
import io.leadpulse.gateway.events.EventsApi;
import io.leadpulse.gateway.health.HealthEndpoints;
import io.leadpulse.gateway.health.ReadinessCheck;
import io.leadpulse.gateway.http.AccessLog;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonRequest;
import io.leadpulse.gateway.http.ClientRateLimit;
import io.leadpulse.gateway.http.HotRoute;
import io.leadpulse.gateway.http.RouteMetrics;
import io.leadpulse.gateway.links.LinkRegistry;
import io.leadpulse.gateway.links.LinksApi;
import io.leadpulse.gateway.load.RepLoadApi;
import io.leadpulse.gateway.network.TrustedProxies;
import io.leadpulse.gateway.publish.EventPublisher;
import io.leadpulse.gateway.publish.TopicSetup;
import io.leadpulse.gateway.redirect.ClickIds;
import io.leadpulse.gateway.redirect.CustomerClassifier;
import io.leadpulse.gateway.redirect.FlaggedRequests;
import io.leadpulse.gateway.redirect.RedirectHandler;
import io.leadpulse.gateway.redirect.Visitors;
import io.leadpulse.gateway.rules.RuleStore;
import io.leadpulse.gateway.rules.RulesApi;
import io.leadpulse.gateway.webhooks.DeadLettersApi;
import io.leadpulse.gateway.webhooks.WebhookStore;
import io.leadpulse.gateway.webhooks.WebhooksApi;
import io.leadpulse.schemas.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/** The tracking gateway: the HTTP server customers and other systems talk to, and its routing table. */
public final class TrackingGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingGateway.class);
    /** How long a rules or webhook change may wait for Kafka before the client gets a 503. */
    private static final Duration RULES_WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WEBHOOKS_WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HealthEndpoints health = new HealthEndpoints();
    private final EventPublisher publisher;
    private final LinkRegistry links;
    private final RuleStore rules;
    private final WebhookStore webhooks;
    /** One pool of Redis connections for every reader of alerts and loads. */
    private final RedisClient redis;
    private final AlertStream alertStream;
    private final AccessLog accessLog;
    private final GracefulShutdownHandler shutdown;
    private final Undertow server;

    private TrackingGateway(GatewayConfig config) {
        TopicSetup.ensureTopicsEventually(config.kafkaBootstrap());
        this.publisher = new EventPublisher(config.kafkaBootstrap(), config.eventQueueCapacity(), Topics.CLICKS,
                config.dataDirectory().resolve("events.spool"), metrics, config.clock());
        this.links = new LinkRegistry(config.kafkaBootstrap(), config.dataDirectory().resolve("links.snapshot"));
        this.rules = new RuleStore(config.kafkaBootstrap(), publisher, RULES_WRITE_TIMEOUT);
        this.webhooks = new WebhookStore(config.kafkaBootstrap(), publisher, WEBHOOKS_WRITE_TIMEOUT);
        this.redis = RedisClient.create(config.redisUrl());
        this.alertStream = new AlertStream(redis, metrics);
        health.add(ReadinessCheck.of("links", links::isCaughtUp));
        health.add(ReadinessCheck.of("rules", rules::isCaughtUp));
        health.add(ReadinessCheck.of("webhooks", webhooks::isCaughtUp));
        health.add(ReadinessCheck.of("kafka", publisher::isConnected));
        metrics.gauge("lp_gateway_links", links, LinkRegistry::size);
        metrics.gauge("lp_gateway_teams_with_rules", rules, RuleStore::size);
        metrics.gauge("lp_gateway_webhook_subscriptions", webhooks, WebhookStore::size);

        this.accessLog = new AccessLog(metrics, config.clock());
        // First of all: everything after it sees the client behind trusted proxies, not the proxy.
        HttpHandler clients = new TrustedProxies(config.trustedProxies()).around(accessLog.around(routes(config)));
        this.shutdown = new GracefulShutdownHandler(clients);
        this.server = withServerOptions(Undertow.builder())
                .addHttpListener(config.port(), "0.0.0.0")
                .setHandler(shutdown)
                .build();
    }

    /** The gateway's HTTP limits and timeouts; public for the benchmark's Undertow peer, which must match them. */
    public static Undertow.Builder withServerOptions(Undertow.Builder builder) {
        return builder
                // Each route sets its own, smaller body limit; this is the ceiling for all of them.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, JsonRequest.MAX_READ_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.MAX_HEADERS, 100)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true);
    }

    /**
     * Creates the topics it needs if missing, starts following the links, rules, webhook subscriptions and the alert
     * stream, and opens the HTTP port.
     */
    public static TrackingGateway start(GatewayConfig config) {
        return start(config, List.of());
    }

    /**
     * The same, with the conditions of the parts started beside it (Redis, the detection job) in {@code /readyz} from
     * the first request: added once the port is open, it would answer ready before they are, for as long as they take
     * to start.
     */
    public static TrackingGateway start(GatewayConfig config, List<ReadinessCheck> partsBeside) {
        TrackingGateway gateway = new TrackingGateway(config);
        partsBeside.forEach(gateway.health::add);
        gateway.server.start();
        LOG.info("Tracking gateway listening on port {}", gateway.port());
        if (!config.trustedProxies().isEmpty()) {
            LOG.info("Client addresses from X-Forwarded-For of requests from the trusted proxies {}", config.trustedProxies());
        }
        if (config.trustedProxies().coversEverything()) {
            LOG.warn("The trusted proxies cover every address: any client can choose the address it is counted under");
        }
        if (!config.scannerNetworks().isEmpty()) {
            LOG.info("Requests from {} are flagged scanner-network", config.scannerNetworks());
        }
        return gateway;
    }

    private HttpHandler routes(GatewayConfig config) {
        ApiKeyAuth auth = new ApiKeyAuth(config.apiKey());
        RouteMetrics timed = new RouteMetrics(metrics);
        LinksApi linksApi = new LinksApi(links, publisher, config.publicBaseUrl(), config.clock());
        boolean https = "https".equalsIgnoreCase(config.publicBaseUrl().getScheme());
        ClickIds clickIds = new ClickIds(config.clickSigningKey());
        Visitors visitors = new Visitors(https);
        CustomerClassifier classifier = new CustomerClassifier(config.scannerNetworks());
        FlaggedRequests flagged = new FlaggedRequests(metrics);
        RedirectHandler redirect = new RedirectHandler(links, publisher, clickIds, visitors, classifier, flagged, config.clock());
        PixelHandler pixel = new PixelHandler(links, publisher, visitors, classifier, flagged, config.clock());
        BeaconApi beacons = new BeaconApi(links, publisher, clickIds, config.clock());
        EventsApi events = new EventsApi(publisher, config.clock());
        RulesApi rulesApi = new RulesApi(rules, config.clock());
        WebhooksApi webhooksApi = new WebhooksApi(webhooks, config.clock());
        DeadLettersApi deadLettersApi = new DeadLettersApi(redis, config.clock());
        AlertsApi alerts = new AlertsApi(redis);
        AlertStreamApi alertStreamApi = new AlertStreamApi(alertStream);
        RepLoadApi repLoads = new RepLoadApi(redis);
        DwellScript dwellScript = new DwellScript();
        ClientRateLimit beaconLimit = new ClientRateLimit(config.beaconsPerClientPerSecond(), 10 * config.beaconsPerClientPerSecond());

        String redirectRoute = "/l/{code}";
        HttpHandler timedRedirect = timed.timed(redirectRoute, redirect);
        // The table keeps the redirect's route for the forms HotRoute leaves to it (/l/x/, /l/, a decoded %3F).
        return new HotRoute(redirectRoute, timedRedirect, new RoutingHandler()
                .get(redirectRoute, timedRedirect)
                .add(Methods.HEAD, redirectRoute, timedRedirect)
                .get("/p/{file}", timed.timed("/p/{code}.gif", pixel))
                .get("/t.js", timed.timed("/t.js", dwellScript))
                .add(Methods.HEAD, "/t.js", timed.timed("/t.js", dwellScript))
                .post("/v1/beacon", timed.timed("/v1/beacon", beaconLimit.limit(beacons.receive())))
                .add(Methods.OPTIONS, "/v1/beacon", timed.timed("/v1/beacon", beacons.preflight()))
                .post("/v1/events", timed.timed("/v1/events", auth.protect(events.ingest())))
                .post("/v1/links", timed.timed("/v1/links", auth.protect(linksApi.create())))
                .get("/v1/links/{code}", timed.timed("/v1/links/{code}", auth.protect(linksApi.get())))
                .put("/v1/teams/{teamId}/rules", timed.timed("/v1/teams/{teamId}/rules", auth.protect(rulesApi.put())))
                .get("/v1/teams/{teamId}/rules", timed.timed("/v1/teams/{teamId}/rules", auth.protect(rulesApi.get())))
                .post("/v1/webhooks", timed.timed("/v1/webhooks", auth.protect(webhooksApi.create())))
                .get("/v1/webhooks", timed.timed("/v1/webhooks", auth.protect(webhooksApi.list())))
                .get("/v1/webhooks/dead-letters", timed.timed("/v1/webhooks/dead-letters", auth.protect(deadLettersApi.list())))
                .post("/v1/webhooks/dead-letters/replay",
                        timed.timed("/v1/webhooks/dead-letters/replay", auth.protect(deadLettersApi.replay())))
                .get("/v1/webhooks/{id}", timed.timed("/v1/webhooks/{id}", auth.protect(webhooksApi.get())))
                .delete("/v1/webhooks/{id}", timed.timed("/v1/webhooks/{id}", auth.protect(webhooksApi.delete())))
                .get("/v1/alerts", timed.timed("/v1/alerts", auth.protect(alerts.list())))
                .get("/v1/alerts/stream", timed.timed("/v1/alerts/stream", auth.protect(alertStreamApi.subscribe())))
                .get("/v1/reps/{repId}/load", timed.timed("/v1/reps/{repId}/load", auth.protect(repLoads.get())))
                .get("/healthz", health.liveness())
                .get("/readyz", health.readiness())
                .get("/metrics", exchange -> exchange.dispatch(() -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    exchange.getResponseSender().send(metrics.scrape());
                }))
                .setFallbackHandler(ApiError::notFound)
                .setInvalidMethodHandler(ApiError::methodNotAllowed));
    }

    public boolean isReady() {
        return health.isReady();
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /**
     * Stops taking requests, ends the alert streams, lets other requests in flight finish, sends what is queued to
     * Kafka, then closes.
     */
    @Override
    public void close() {
        shutdown.shutdown();
        alertStream.close(); // open-ended requests: the graceful shutdown would wait for them in vain
        try {
            shutdown.awaitShutdown(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        publisher.close();
        links.close();
        rules.close();
        webhooks.close();
        redis.close();
        accessLog.close();
        LOG.info("Tracking gateway stopped");
    }
}
