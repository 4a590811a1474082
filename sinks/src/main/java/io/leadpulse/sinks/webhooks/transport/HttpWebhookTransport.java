package io.leadpulse.sinks.webhooks.transport;

import io.leadpulse.sinks.webhooks.BlockedAddressException;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.WebhookTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.Closer;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhook requests over HTTP(S) with Apache HttpClient, to addresses the {@link AddressGuard} allowed only.
 *
 * <p>Why it is configured as it is: a subscriber's endpoint is a stranger's server. Redirects are not followed (a
 * redirect could lead past the guard, and a 3xx is an answer for the delivery to judge); there are no automatic
 * retries (the delivery has its own schedule), no cookies and no proxy from the environment. Each attempt has one
 * deadline, {@code timeout}, for everything from connecting to the last byte read: HttpClient's own timeouts only
 * bound each wait, so a server trickling a byte at a time would hold the call forever without it. Only the first
 * {@value #MAX_BODY_BYTES} bytes of an answer are read; a connection whose answer was not read to the end is closed
 * rather than drained. Connections are pooled and kept alive per endpoint; how many attempts one subscription has in
 * flight is its lane's business, not the pool's.
 */
public final class HttpWebhookTransport implements WebhookTransport {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final String USER_AGENT = "LeadPulse-Webhooks/1";

    private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookTransport.class);
    private static final ContentType JSON = ContentType.create("application/json");
    /**
     * As many as the webhook sink ever has in flight, for one host or all together: each subscription's lane bounds
     * its own attempts, and a lower limit per host would be a second, shared one. Subscriptions on one host (every
     * Slack robot is on hooks.slack.com) would wait for each other's connections, and one that hangs would hold up
     * the rest of its host.
     */
    private static final int MAX_CONNECTIONS = 512;
    private static final TimeValue IDLE_CONNECTION_LIFETIME = TimeValue.ofSeconds(30);

    private final Duration timeout;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    /** A transport that gives up after {@link #DEFAULT_TIMEOUT}. */
    public HttpWebhookTransport(boolean allowPrivate) {
        this(allowPrivate, DEFAULT_TIMEOUT);
    }

    /**
     * @param allowPrivate {@code LP_WEBHOOK_ALLOW_PRIVATE}: whether private, loopback and other internal addresses
     *                     may be reached (see {@link AddressGuard})
     * @param timeout      the deadline for one attempt, from connecting to reading the answer
     */
    public HttpWebhookTransport(boolean allowPrivate, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.client = httpClient(new GuardedDnsResolver(new AddressGuard(allowPrivate)), Timeout.of(timeout));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.deadlines = scheduler;
    }

    private static CloseableHttpClient httpClient(GuardedDnsResolver resolver, Timeout timeout) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(timeout)
                .setSocketTimeout(timeout)
                .build();
        RequestConfig requests = RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(timeout)
                .setRedirectsEnabled(false)
                .build();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(connections)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .build())
                .setDefaultRequestConfig(requests)
                // Direct connections only: a proxy would connect on our behalf, past the guard.
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictExpiredConnections()
                .evictIdleConnections(IDLE_CONNECTION_LIFETIME)
                .setUserAgent(USER_AGENT)
                .build();
    }

    /** The deadline for one attempt. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Reply post(OutgoingRequest request) throws IOException {
        HttpPost post = toHttpPost(request);
        // Set before the cancel: the cancel closes the socket, and the failing read may be seen before the task ends.
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            deadlinePassed.set(true);
            post.cancel();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            Reply reply = send(post);
            LOG.debug("Webhook POST to {} answered {}", request.url().getHost(), reply.status());
            return reply;
        } catch (GuardedDnsResolver.Refused e) {
            throw new BlockedAddressException(e.getMessage());
        } catch (IOException e) {
            if (deadlinePassed.get()) {
                LOG.debug("Webhook POST to {} had no answer within {}", request.url().getHost(), timeout);
                SocketTimeoutException timedOut = new SocketTimeoutException("no answer within " + timeout);
                timedOut.initCause(e);
                throw timedOut;
            }
            LOG.debug("Webhook POST to {} failed: {}", request.url().getHost(), e.toString());
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static HttpPost toHttpPost(OutgoingRequest request) {
        HttpPost post = new HttpPost(request.url());
        request.headers().forEach(post::setHeader);
        post.setHeader(HttpHeaders.CONTENT_TYPE, JSON.toString());
        post.setHeader(HttpHeaders.USER_AGENT, USER_AGENT);
        post.setEntity(new ByteArrayEntity(request.body(), JSON));
        return post;
    }

    private Reply send(HttpPost post) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null, post, null);
        try {
            Reply reply = new Reply(response.getCode(), headers(response), bodyStart(response.getEntity(), post));
            // A cancelled exchange (body too long, or the deadline passed just now) has nothing left to release.
            if (post.isCancelled()) {
                Closer.closeQuietly(response);
            } else {
                response.close();
            }
            return reply;
        } catch (IOException | RuntimeException e) {
            post.cancel();
            Closer.closeQuietly(response);
            throw e;
        }
    }

    private static Map<String, String> headers(ClassicHttpResponse response) {
        Map<String, String> headers = new HashMap<>();
        for (Iterator<Header> it = response.headerIterator(); it.hasNext(); ) {
            Header header = it.next();
            headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
        }
        return headers;
    }

    /**
     * The first {@link #MAX_BODY_BYTES} bytes of the body. When there is more, the exchange is cancelled so that
     * closing it does not read the rest: the connection is not worth a stranger's megabytes.
     */
    private static String bodyStart(HttpEntity entity, HttpPost post) throws IOException {
        if (entity == null) {
            return "";
        }
        InputStream content = entity.getContent();
        byte[] start = content.readNBytes(MAX_BODY_BYTES);
        if (start.length == MAX_BODY_BYTES && content.read() != -1) {
            post.cancel();
        }
        return new String(start, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
        deadlines.shutdownNow();
    }
}
