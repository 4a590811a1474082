package io.leadpulse.gateway.links;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonRequest;
import io.leadpulse.gateway.http.JsonResponse;
import io.leadpulse.gateway.http.PathParameters;
import io.leadpulse.gateway.publish.EventPublisher;
import io.leadpulse.schemas.Topics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/links} and {@code GET /v1/links/{code}}. */
public final class LinksApi {
    private static final Logger LOG = LoggerFactory.getLogger(LinksApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final LinkRegistry registry;
    private final EventPublisher publisher;
    private final URI publicBaseUrl;
    private final Clock clock;
    private final LinkCodes codes = new LinkCodes();

    public LinksApi(LinkRegistry registry, EventPublisher publisher, URI publicBaseUrl, Clock clock) {
        this.registry = registry;
        this.publisher = publisher;
        this.publicBaseUrl = publicBaseUrl;
        this.clock = clock;
    }

    public HttpHandler create() {
        return exchange -> JsonRequest.read(exchange, MAX_BODY_BYTES, this::create);
    }

    public HttpHandler get() {
        return exchange -> {
            String code = PathParameters.get(exchange, "code");
            registry.find(code).ifPresentOrElse(
                    link -> JsonResponse.send(exchange, 200, toJson(link)),
                    () -> ApiError.send(exchange, 404, "not_found", "No link has the code " + code + "."));
        };
    }

    private void create(HttpServerExchange exchange, JsonNode body) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // what Avro keeps
        NewLinkRequest request = NewLinkRequest.parse(body, now);
        if (!request.problems().isEmpty()) {
            ApiError.badRequest(exchange, String.join("; ", request.problems()));
            return;
        }
        Link link = new Link(codes.next(), request.repId(), request.teamId(), request.leadId(), request.targetUrl(),
                request.contentId(), request.title(), now, request.expiresAt());
        try {
            publisher.publishAndAcknowledge(Topics.LINKS, link.code(), link.toRecord())
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Link {} was not stored: {}", link.code(), e.toString());
            ApiError.unavailable(exchange, "The link store is not reachable; try again shortly.");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ApiError.unavailable(exchange, "The gateway is stopping.");
            return;
        }
        registry.put(link);
        exchange.getResponseHeaders().put(Headers.LOCATION, "/v1/links/" + link.code());
        JsonResponse.send(exchange, 201, toJson(link));
    }

    private ObjectNode toJson(Link link) {
        return MAPPER.createObjectNode()
                .put("code", link.code())
                .put("url", publicBaseUrl + "/l/" + link.code())
                .put("repId", link.repId())
                .put("teamId", link.teamId())
                .put("leadId", link.leadId())
                .put("targetUrl", link.targetUrl())
                .put("contentId", link.contentId())
                .put("title", link.title())
                .put("createdAt", link.createdAt().toString())
                .put("expiresAt", link.expiresAt() == null ? null : link.expiresAt().toString());
    }
}
