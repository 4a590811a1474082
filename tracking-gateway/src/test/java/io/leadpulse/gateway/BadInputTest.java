package io.leadpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whatever arrives, the gateway answers without a 5xx and keeps serving. */
class BadInputTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    private static final List<String> JSON_ENDPOINTS = List.of("/v1/links", "/v1/events", "/v1/beacon");
    private static final List<byte[]> BAD_BODIES = List.of(
            "".getBytes(StandardCharsets.UTF_8),
            "{".getBytes(StandardCharsets.UTF_8),
            "null".getBytes(StandardCharsets.UTF_8),
            "42".getBytes(StandardCharsets.UTF_8),
            "\"text\"".getBytes(StandardCharsets.UTF_8),
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]".getBytes(StandardCharsets.UTF_8),
            "{\"repId\": {\"$gt\": 1}, \"teamId\": [], \"targetUrl\": 1e999}".getBytes(StandardCharsets.UTF_8),
            "[{\"id\": \"a\", \"type\": null, \"teamId\": true, \"leadId\": 1.5}]".getBytes(StandardCharsets.UTF_8),
            "{\"c\": null, \"v\": 1e400, \"s\": -0}".getBytes(StandardCharsets.UTF_8),
            new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
            new byte[]{0, 0, 0, 0, 0},
            ("{\"title\": \"" + "\\u0000".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8));

    @AfterEach
    void stillServing() {
        assertThat(gateway.send(gateway.request("/healthz").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedBodiesOnEveryJsonEndpointGetA4xxWithAReadableError() {
        for (String path : JSON_ENDPOINTS) {
            for (String contentType : List.of("application/json", "text/plain", "application/x-www-form-urlencoded")) {
                for (byte[] body : BAD_BODIES) {
                    HttpResponse<String> response = gateway.send(gateway.authorized(path).header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                    assertThat(response.statusCode()).as("%s %s %s", path, contentType, new String(body, StandardCharsets.UTF_8))
                            .isBetween(200, 499);
                    if (response.statusCode() >= 400) {
                        assertThat(RunningGateway.json(response).get("message").asText()).isNotBlank();
                    }
                }
            }
        }
    }

    @Test
    void oddMethodsAndUnknownPathsGet405Or404() {
        for (String path : List.of("/v1/links", "/v1/links/AAAAAAAAAAAA", "/l/AAAAAAAAAAAA", "/v1/events", "/v1/beacon",
                "/t.js", "/p/AAAAAAAAAAAA.gif", "/healthz", "/readyz", "/metrics", "/v1/alerts", "/nope", "/")) {
            for (String method : List.of("PUT", "PATCH", "DELETE", "TRACE", "PROPFIND", "BREW")) {
                HttpResponse<String> response = gateway.send(gateway.authorized(path)
                        .method(method, HttpRequest.BodyPublishers.noBody()));
                assertThat(response.statusCode()).as("%s %s", method, path).isIn(404, 405);
            }
        }
    }

    @Test
    void hostileRequestsOnTheWireAreRefusedWithoutA5xx() throws IOException {
        List<String> requests = new ArrayList<>();
        requests.add("GET /l/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        StringBuilder flood = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 500; i++) {
            flood.append("X-Flood-").append(i).append(": ").append("v".repeat(100)).append("\r\n");
        }
        requests.add(flood.append("\r\n").toString());
        requests.add("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(64 * 1024) + "\r\n\r\n");
        requests.add("GET /l/%ZZ%00%C0%AF HTTP/1.1\r\nHost: x\r\n\r\n");
        requests.add("GET /v1/links/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + RunningGateway.API_KEY + "\r\n\r\n");
        requests.add("POST /v1/beacon HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: -5\r\n\r\n");
        requests.add("POST /v1/beacon HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nboom\r\n0\r\n\r\n");
        requests.add("GARBAGE\r\n\r\n");
        requests.add("GET / HTTP/9.9\r\n\r\n");

        for (String request : requests) {
            String status = rawStatusLine(request);
            assertThat(status).as(request.substring(0, Math.min(80, request.length()))).doesNotMatch("HTTP/1\\.1 5\\d\\d.*");
        }
    }

    @Test
    void theApiKeyIsComparedWholeAndNotAsAPrefix() {
        for (String header : List.of("Bearer", "Bearer ", "Bearer " + RunningGateway.API_KEY.substring(0, 4),
                "Bearer " + RunningGateway.API_KEY + "x", "Basic " + RunningGateway.API_KEY, RunningGateway.API_KEY)) {
            HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/v1/alerts"))
                    .header("Authorization", header).GET());
            assertThat(response.statusCode()).as(header).isEqualTo(401);
        }
    }

    /** Sends raw bytes and answers the status line, or "" when the server closed the connection without one. */
    private static String rawStatusLine(String request) throws IOException {
        URI base = URI.create(gateway.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().trim();
        } catch (java.net.SocketException closedByServer) {
            return "";
        }
    }
}
