package io.leadpulse.gateway.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpulse.gateway.http.ApiError;
import io.leadpulse.gateway.http.JsonRequest;
import io.leadpulse.gateway.http.JsonResponse;
import io.leadpulse.gateway.http.PathParameters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code PUT /v1/teams/{teamId}/rules} (change any of a team's rules) and {@code GET} (all of them). */
public final class RulesApi {
    private static final Logger LOG = LoggerFactory.getLogger(RulesApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_BODY_BYTES = 16 * 1024;

    private final RuleStore store;
    private final Clock clock;

    public RulesApi(RuleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public HttpHandler get() {
        return exchange -> teamOf(exchange).ifPresent(teamId -> {
            if (isLoading(exchange)) {
                return;
            }
            JsonResponse.send(exchange, 200, toJson(store.rulesOf(teamId)));
        });
    }

    public HttpHandler put() {
        return exchange -> teamOf(exchange).ifPresent(
                teamId -> JsonRequest.read(exchange, MAX_BODY_BYTES, (ex, body) -> change(ex, teamId, body)));
    }

    private void change(HttpServerExchange exchange, String teamId, JsonNode body) {
        RulesChange change = RulesChange.parse(body, teamId);
        if (!change.problems().isEmpty()) {
            ApiError.badRequest(exchange, String.join("; ", change.problems()));
            return;
        }
        // Merging with defaults before the stored rules are loaded would overwrite them.
        if (isLoading(exchange)) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // what Avro keeps
        try {
            JsonResponse.send(exchange, 200, toJson(store.change(teamId, current -> change.applyTo(current, now))));
        } catch (RuleStore.NotStored e) {
            LOG.warn("Rules of team {} were not stored: {} ({})", teamId, e.getMessage(), String.valueOf(e.getCause()));
            ApiError.unavailable(exchange, "The rule store is not reachable; try again shortly.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ApiError.unavailable(exchange, "The gateway is stopping.");
        }
    }

    /** The team of the path, or empty after answering 400. */
    private static Optional<String> teamOf(HttpServerExchange exchange) {
        String teamId = PathParameters.get(exchange, "teamId");
        Optional<String> problem = TeamIds.problemWith(teamId);
        problem.ifPresent(message -> ApiError.badRequest(exchange, message));
        return problem.isPresent() ? Optional.empty() : Optional.of(teamId);
    }

    /** True, after answering 503, while the stored rules are still being loaded. */
    private boolean isLoading(HttpServerExchange exchange) {
        if (store.isCaughtUp()) {
            return false;
        }
        ApiError.unavailable(exchange, "The rules are still being loaded; try again shortly.");
        return true;
    }

    private static ObjectNode toJson(RuleSet rules) {
        return MAPPER.createObjectNode()
                .put("teamId", rules.teamId())
                .put("deepReadSeconds", rules.deepRead().toSeconds())
                .put("activationWindowSeconds", rules.activationWindow().toSeconds())
                .put("silenceSeconds", rules.silence().toSeconds())
                .put("firstResponseSeconds", rules.firstResponse().toSeconds())
                .put("repCapacity", rules.repCapacity())
                .put("duplicateClickWindowSeconds", rules.duplicateClickWindow().toSeconds())
                .put("language", rules.language())
                .put("updatedAt", rules.updatedAt() == null ? null : rules.updatedAt().toString());
    }
}
