package io.leadpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The gateway as tests and benchmarks talk to it: real HTTP, the admin key, redirects not followed. */
public final class GatewayClient {
    static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String apiKey;

    public GatewayClient(int port, String apiKey) {
        this.base = "http://localhost:" + port;
        this.apiKey = apiKey;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    /** An admin call with a JSON body; asserts the status. */
    public JsonNode call(String method, String path, String json, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(request(path).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(request(path).header("Authorization", "Bearer " + apiKey).GET());
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A tracked link for the lead, old enough that a click on it is not taken for a mail scanner's. */
    String createLink(String repId, String leadId) throws Exception {
        return createLink(repId, "t1", leadId);
    }

    /** Like {@link #createLink(String, String)}, for a lead of the given team. */
    String createLink(String repId, String teamId, String leadId) throws Exception {
        JsonNode link = call("POST", "/v1/links", "{\"repId\": \"" + repId + "\", \"teamId\": \"" + teamId + "\", \"leadId\": \"" + leadId
                + "\", \"targetUrl\": \"https://example.com/outline\", \"title\": \"Course outline\"}", 201);
        Thread.sleep(2_100); // a click within 2 s of a link's creation looks like a mail scanner, not a person
        return link.get("code").asText();
    }

    HttpResponse<String> click(String code, String userAgent) throws Exception {
        return send(request("/l/" + code).header("User-Agent", userAgent).GET());
    }

    static String clickIdOf(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        String value = location.substring(location.indexOf("lp_c=") + "lp_c=".length());
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
