package io.leadpulse.gateway.links;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST /v1/links}, checked field by field; {@link #problems()} says everything that is wrong. */
record NewLinkRequest(String repId, String teamId, String targetUrl, String leadId, String contentId,
                      String title, Instant expiresAt, List<String> problems) {
    private static final int MAX_ID = 200;
    private static final int MAX_TITLE = 500;

    static NewLinkRequest parse(JsonNode body, Instant now) {
        List<String> problems = new ArrayList<>();
        if (!body.isObject()) {
            return new NewLinkRequest(null, null, null, null, null, null, null, List.of("the body must be a JSON object"));
        }
        String repId = text(body, "repId", true, MAX_ID, problems);
        String teamId = text(body, "teamId", true, MAX_ID, problems);
        String targetUrl = text(body, "targetUrl", true, TargetUrls.MAX_LENGTH, problems);
        String leadId = text(body, "leadId", false, MAX_ID, problems);
        String contentId = text(body, "contentId", false, MAX_ID, problems);
        String title = text(body, "title", false, MAX_TITLE, problems);
        if (targetUrl != null) {
            TargetUrls.problemWith(targetUrl).ifPresent(problems::add);
        }
        Instant expiresAt = null;
        String expires = text(body, "expiresAt", false, 64, problems);
        if (expires != null) {
            try {
                expiresAt = Instant.parse(expires).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                if (!expiresAt.isAfter(now)) {
                    problems.add("expiresAt must be in the future");
                }
            } catch (DateTimeParseException e) {
                problems.add("expiresAt must be an ISO-8601 instant such as 2026-12-31T23:59:59Z");
            }
        }
        return new NewLinkRequest(repId, teamId, targetUrl, leadId, contentId, title, expiresAt, List.copyOf(problems));
    }

    private static String text(JsonNode body, String field, boolean required, int maxLength, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field + " must be a string");
            return null;
        }
        String value = node.textValue();
        if (value.isBlank()) {
            if (required) {
                problems.add(field + " must not be empty");
            }
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(field + " is longer than " + maxLength + " characters");
            return null;
        }
        return value;
    }
}
