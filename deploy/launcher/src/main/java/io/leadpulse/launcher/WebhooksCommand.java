package io.leadpulse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leadpulse webhooks dead-letters} and {@code leadpulse webhooks replay}: the webhook deliveries that were
 * given up, listed and sent again, through a running gateway's API (so the same command serves an embedded
 * {@code up} and a real deployment).
 */
@Command(name = "webhooks", description = "Webhook deliveries that were given up: list them, replay them.",
        subcommands = {WebhooksCommand.ListDeadLetters.class, WebhooksCommand.ReplayDeadLetters.class})
final class WebhooksCommand implements Runnable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Where the gateway is and the key to use; defaults from LP_HTTP_PORT, LP_API_KEY and LP_STATE_DIR. */
    static class Target {
        @Option(names = "--url", description = "the gateway, default http://localhost:$LP_HTTP_PORT")
        String url;

        @Option(names = "--api-key", description = "default $LP_API_KEY, else the key in $LP_STATE_DIR/secrets/api-key")
        String apiKey;

        JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
            String base = (url != null ? url : "http://localhost:" + Optional.ofNullable(System.getenv("LP_HTTP_PORT")).orElse("8080"))
                    .replaceAll("/+$", "");
            HttpRequest.Builder request = HttpRequest.newBuilder(gatewayUri(base, path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key());
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                // The JDK's client says nothing more than "ConnectException", often without a message.
                throw new IOException("cannot reach the gateway at " + base + "; is it running (see --url)?", e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("the gateway answered " + response.statusCode() + ": " + messageOf(response.body()));
            }
            return MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
        }

        private static URI gatewayUri(String base, String path) throws IOException {
            try {
                URI uri = new URI(base + path);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new URISyntaxException(base, "not an absolute http(s) URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IOException("--url must be the gateway's http(s) URL, such as http://localhost:8080, not '" + base + "'");
            }
        }

        /** The message of the gateway's JSON error, or the start of whatever else answered (a proxy's error page). */
        private static String messageOf(String body) {
            try {
                JsonNode error = MAPPER.readTree(body);
                if (error != null && error.path("message").isTextual()) {
                    return error.get("message").asText();
                }
            } catch (IOException notJson) {
                // shown as it came, below
            }
            String text = body.strip();
            return text.isEmpty() ? "(no message)" : text.substring(0, Math.min(text.length(), 200));
        }

        private String key() throws IOException {
            if (apiKey != null) {
                return apiKey;
            }
            String fromEnv = System.getenv("LP_API_KEY");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv.trim();
            }
            Path stored = Path.of(Optional.ofNullable(System.getenv("LP_STATE_DIR")).orElse(".leadpulse"), "secrets", "api-key");
            if (!Files.exists(stored)) {
                throw new IOException("no API key: pass --api-key, set LP_API_KEY, or run where " + stored + " exists");
            }
            return Files.readString(stored).trim();
        }
    }

    /** Runs a call and turns failures into a message and exit code 1. */
    interface Call {
        void run(PrintStream out) throws IOException, InterruptedException;
    }

    static int reporting(Call call) {
        try {
            call.run(System.out);
            return 0;
        } catch (IOException e) {
            System.err.println("leadpulse webhooks: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    @Command(name = "dead-letters", description = "List the deliveries that were given up, newest first.")
    static final class ListDeadLetters implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--limit", defaultValue = "100", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "print the JSON the API answered")
        boolean json;

        @Override
        public Integer call() {
            return reporting(out -> {
                JsonNode letters = target.call("GET", "/v1/webhooks/dead-letters?limit=" + limit, null);
                if (json) {
                    out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(letters));
                    return;
                }
                if (letters.isEmpty()) {
                    out.println("No dead letters.");
                    return;
                }
                out.printf("%-24s  %-26s  %-28s  %8s  %s%n", "dead at", "subscription", "alert type", "attempts", "id / last error");
                for (JsonNode letter : letters) {
                    out.printf("%-24s  %-26s  %-28s  %8d  %s%n      %s%n", letter.path("deadAt").asText(),
                            letter.path("subscriptionId").asText(), letter.path("alertType").asText(),
                            letter.path("attempts").asInt(), letter.path("id").asText(), letter.path("lastError").asText());
                }
            });
        }
    }

    @Command(name = "replay", description = "Send dead letters again, with the whole retry schedule ahead of them.")
    static final class ReplayDeadLetters implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--all", description = "every dead letter")
        boolean all;

        @Parameters(arity = "0..*", paramLabel = "ID", description = "dead letter ids, as `dead-letters` lists them")
        List<String> ids = List.of();

        @Override
        public Integer call() {
            if (all == !ids.isEmpty()) {
                System.err.println("leadpulse webhooks replay: give dead letter ids, or --all");
                return 2;
            }
            return reporting(out -> {
                ObjectNode body = MAPPER.createObjectNode();
                if (all) {
                    body.put("all", true);
                } else {
                    ArrayNode chosen = body.putArray("ids");
                    ids.forEach(chosen::add);
                }
                JsonNode answer = target.call("POST", "/v1/webhooks/dead-letters/replay", body);
                out.println("Replayed " + answer.path("replayed").asInt() + " dead letter(s).");
            });
        }
    }
}
