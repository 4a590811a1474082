package io.leadpulse.gateway;

import io.leadpulse.gateway.network.IpRanges;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything the gateway needs to know, read once by the process that starts it.
 *
 * @param port            the HTTP port; 0 picks a free one
 * @param publicBaseUrl   base of the tracked links handed out, without a trailing slash
 * @param apiKey          the admin API key (only its hash is kept once the gateway runs)
 * @param kafkaBootstrap  the Kafka cluster clicks and links go to
 * @param redisUrl        the Redis server alerts are read from
 * @param dataDirectory   the gateway's own files: the event spool (events wait there while Kafka is unreachable)
 *                        and the link snapshot (links are known at start even while Kafka is unreachable)
 * @param clickSigningKey secret that signs click ids, so beacons can be checked without state
 * @param beaconsPerClientPerSecond how many beacons one client address may send a second on average (bursts of
 *                        ten times that); 0 = no limit
 * @param trustedProxies  the reverse proxies and load balancers whose {@code X-Forwarded-For} and
 *                        {@code X-Forwarded-Proto} are believed; none = the socket's peer is the client
 * @param scannerNetworks address ranges of mail scanners and the like: their requests are flagged
 *                        {@code scanner-network}, never dropped
 * @param clock           the time source (tests pin it)
 * @param eventQueueCapacity how many accepted events may wait in memory for the sender (each a few hundred bytes);
 *                        beyond it beacons and events are refused with 503 and clicks are counted as rejected
 */
public record GatewayConfig(int port, URI publicBaseUrl, String apiKey, String kafkaBootstrap, String redisUrl,
                            Path dataDirectory, byte[] clickSigningKey, double beaconsPerClientPerSecond,
                            IpRanges trustedProxies, IpRanges scannerNetworks, Clock clock, int eventQueueCapacity) {
    /** t.js sends one beacon per 15 s per open page; 10 a second leaves room for many readers behind one address. */
    public static final double DEFAULT_BEACONS_PER_CLIENT_PER_SECOND = 10;
    /** A few seconds of clicks at full speed, while the sender waits for Kafka to fail a send and starts spooling. */
    public static final int DEFAULT_EVENT_QUEUE_CAPACITY = 100_000;

    public GatewayConfig {
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(scannerNetworks, "scannerNetworks");
        Objects.requireNonNull(clock, "clock");
        if (eventQueueCapacity < 1) {
            throw new IllegalArgumentException("the event queue needs room for at least one event");
        }
        if (clickSigningKey == null || clickSigningKey.length < 16) {
            throw new IllegalArgumentException("the click signing key needs at least 16 bytes");
        }
        String base = publicBaseUrl.toString();
        if (base.endsWith("/")) {
            publicBaseUrl = URI.create(base.substring(0, base.length() - 1));
        }
    }
}
