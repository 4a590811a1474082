package io.leadpulse.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a bounded JSON request body without blocking an IO thread, answering 413, 415 and 400 itself,
 * and hands the parsed tree to the handler on a worker thread, or, for a small body and a handler that never waits,
 * on the IO thread that read it.
 */
public final class JsonRequest {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRequest.class);
    public static final String APPLICATION_JSON = "application/json";
    /**
     * The largest body the server reads at all. A body over a route's limit but under this is read and discarded
     * before the 413, so the client, still sending, gets the answer; beyond it the connection is closed.
     */
    public static final long MAX_READ_BYTES = 2L * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);
    /** The largest body {@link #readOnIoThread} takes. */
    private static final long MAX_IO_THREAD_BYTES = 16 * 1024;

    private JsonRequest() {
    }

    public static void read(HttpServerExchange exchange, long maxBytes, BiConsumer<HttpServerExchange, JsonNode> handler) {
        read(exchange, maxBytes, List.of(APPLICATION_JSON), handler);
    }

    /** Like {@link #read(HttpServerExchange, long, BiConsumer)}, taking JSON sent with any of these media types. */
    public static void read(HttpServerExchange exchange, long maxBytes, List<String> mediaTypes,
                            BiConsumer<HttpServerExchange, JsonNode> handler) {
        read(exchange, maxBytes, mediaTypes, handler, true);
    }

    /**
     * Like {@link #read(HttpServerExchange, long, List, BiConsumer)}, but parses and calls the handler on the IO thread,
     * saving the hand-off to a worker and back (the larger share of a small request's cost): only for bodies of at
     * most 16 KiB and handlers that never block.
     */
    public static void readOnIoThread(HttpServerExchange exchange, long maxBytes, List<String> mediaTypes,
                                      BiConsumer<HttpServerExchange, JsonNode> handler) {
        if (maxBytes > MAX_IO_THREAD_BYTES) {
            throw new IllegalArgumentException("bodies of up to " + MAX_IO_THREAD_BYTES + " bytes are parsed on the IO thread");
        }
        read(exchange, maxBytes, mediaTypes, handler, false);
    }

    private static void read(HttpServerExchange exchange, long maxBytes, List<String> mediaTypes,
                             BiConsumer<HttpServerExchange, JsonNode> handler, boolean onWorker) {
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaTypes.contains(mediaType)) {
            ApiError.send(exchange, 415, "unsupported_media_type", "Send the body as " + String.join(" or ", mediaTypes) + ".");
            return;
        }
        if (exchange.getRequestContentLength() > maxBytes) {
            discardThenTooLarge(exchange, maxBytes);
            return;
        }
        exchange.setMaxEntitySize(maxBytes);
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, bytes) -> {
                    if (onWorker) {
                        ex.dispatch(() -> parse(ex, bytes, handler));
                    } else {
                        parse(ex, bytes, handler);
                    }
                },
                (ex, error) -> {
                    if (error instanceof RequestTooBigException) {
                        tooLarge(ex, maxBytes);
                    } else {
                        ApiError.badRequest(ex, "The request body could not be read.");
                    }
                });
    }

    private static void parse(HttpServerExchange exchange, byte[] bytes, BiConsumer<HttpServerExchange, JsonNode> handler) {
        if (bytes.length == 0) {
            ApiError.badRequest(exchange, "The request body is empty; send a JSON document.");
            return;
        }
        JsonNode body;
        try {
            if (!isAscii(bytes)) {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes));
            }
            body = TREE_READER.readTree(bytes);
        } catch (CharacterCodingException e) {
            ApiError.badRequest(exchange, "The request body is not valid UTF-8.");
            return;
        } catch (JsonProcessingException e) {
            ApiError.badRequest(exchange, "The request body is not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (java.io.IOException e) {
            ApiError.badRequest(exchange, "The request body could not be read.");
            return;
        }
        try {
            handler.accept(exchange, body);
        } catch (RuntimeException bug) {
            // Outside Undertow's own handler chain an exception would leave the client waiting until it times out.
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), bug);
            if (!exchange.isResponseStarted()) {
                ApiError.send(exchange, 500, "internal", "The request could not be handled; it was logged.");
            } else {
                exchange.endExchange();
            }
        }
    }

    /** ASCII is valid UTF-8: most bodies need no decoding to be checked. */
    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static void discardThenTooLarge(HttpServerExchange exchange, long maxBytes) {
        if (exchange.getRequestContentLength() > MAX_READ_BYTES) {
            tooLarge(exchange, maxBytes);
            return;
        }
        exchange.setMaxEntitySize(MAX_READ_BYTES);
        exchange.getRequestReceiver().receivePartialBytes(
                (ex, chunk, last) -> {
                    if (last) {
                        ApiError.send(ex, 413, "too_large", "The request body is larger than " + maxBytes + " bytes.");
                    }
                },
                (ex, error) -> tooLarge(ex, maxBytes));
    }

    private static void tooLarge(HttpServerExchange exchange, long maxBytes) {
        // The rest of the body is not read: answer, then close the connection.
        exchange.setPersistent(false);
        ApiError.send(exchange, 413, "too_large", "The request body is larger than " + maxBytes + " bytes.");
    }
}
