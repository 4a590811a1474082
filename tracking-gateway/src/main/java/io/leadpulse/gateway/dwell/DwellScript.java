package io.leadpulse.gateway.dwell;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code GET /t.js}: the dwell script, small and cacheable, with an ETag so a revalidation costs a 304. */
public final class DwellScript implements HttpHandler {
    private final byte[] script;
    private final String etag;

    public DwellScript() {
        try (InputStream in = DwellScript.class.getResourceAsStream("t.js")) {
            this.script = in.readAllBytes();
            this.etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script), 0, 8) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException("t.js is missing from the jar", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "public, max-age=3600");
        exchange.getResponseHeaders().put(Headers.ETAG, etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/javascript; charset=utf-8");
        exchange.getResponseSender().send(ByteBuffer.wrap(script));
    }
}
