package io.leadpulse.gateway.network;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Who the client is when the gateway runs behind reverse proxies or load balancers the operator trusts
 * ({@code LP_TRUSTED_PROXIES}). Only a request whose peer is a trusted proxy has its {@code X-Forwarded-For} read:
 * anyone else could write any address there. The client is then the rightmost address in it that is not itself a
 * trusted proxy; what the proxies say about the scheme ({@code X-Forwarded-Proto}) is taken from them too. Everything
 * that needs the client address (rate limits, networks on clicks, scanner signals, the access log) reads it from the
 * exchange afterwards, so this is the one place that decides. Undertow's {@code ProxyPeerAddressHandler} believes the
 * header from every peer, which would let any client choose its own address.
 */
public final class TrustedProxies {
    private final IpRanges proxies;

    public TrustedProxies(IpRanges proxies) {
        this.proxies = proxies;
    }

    /** Puts the client's address (and scheme) behind trusted proxies on the exchange; trusting nobody costs nothing. */
    public HttpHandler around(HttpHandler next) {
        if (proxies.isEmpty()) {
            return next;
        }
        return exchange -> {
            InetSocketAddress peer = exchange.getSourceAddress();
            if (peer != null && peer.getAddress() != null) {
                byte[] peerAddress = IpAddresses.of(peer.getAddress());
                if (proxies.contains(peerAddress)) {
                    forwardedBy(exchange, peerAddress);
                }
            }
            next.handleRequest(exchange);
        };
    }

    private void forwardedBy(HttpServerExchange exchange, byte[] peer) throws UnknownHostException {
        HeaderValues forwardedFor = exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR);
        ForwardedClient client = clientOf(peer, forwardedFor == null ? List.of() : forwardedFor);
        if (client.entry() >= 0) {
            exchange.setSourceAddress(new InetSocketAddress(InetAddress.getByAddress(client.address()), 0));
        }
        HeaderValues forwardedProto = exchange.getRequestHeaders().get(Headers.X_FORWARDED_PROTO);
        String scheme = forwardedProto == null ? null : schemeOf(client, forwardedProto);
        if (scheme != null) {
            exchange.setRequestScheme(scheme);
        }
    }

    /**
     * The client of a request from {@code peer} that carried these {@code X-Forwarded-For} header values. Walks the
     * entries right to left (each proxy appends the address it was talking to) and stops at the first that is not a
     * trusted proxy. An entry that is not an address (garbage, {@code unknown}, an obfuscated name) stops the walk too,
     * and the last good hop is the client: whatever is to its left was written by someone nobody vouches for. An
     * untrusted peer is its own client, whatever it sent.
     */
    public ForwardedClient clientOf(byte[] peer, List<String> forwardedFor) {
        if (!proxies.contains(peer)) {
            return new ForwardedClient(peer, -1);
        }
        byte[] client = peer;
        int clientEntry = -1;
        int entry = 0;
        for (int v = forwardedFor.size() - 1; v >= 0; v--) {
            String value = forwardedFor.get(v);
            int end = value.length();
            while (true) {
                int comma = value.lastIndexOf(',', end - 1);
                byte[] hop = ForwardedEntries.address(value, comma + 1, end);
                if (hop == null) {
                    return new ForwardedClient(client, clientEntry);
                }
                client = hop;
                clientEntry = entry++;
                if (!proxies.contains(hop)) {
                    return new ForwardedClient(client, clientEntry);
                }
                if (comma < 0) {
                    break;
                }
                end = comma;
            }
        }
        return new ForwardedClient(client, clientEntry);
    }

    /**
     * The scheme the client used, as the trusted proxies tell it in {@code X-Forwarded-Proto}: the entry at the same
     * place from the right as the client's in {@code X-Forwarded-For} (each proxy appends the scheme it received),
     * or the only value when there is one (the edge proxy set it and the others passed it on). Null when the proxies
     * say nothing usable.
     */
    public static String schemeOf(ForwardedClient client, List<String> forwardedProto) {
        String only = null;
        String atClient = null;
        int entries = 0;
        for (int v = forwardedProto.size() - 1; v >= 0; v--) {
            String value = forwardedProto.get(v);
            int end = value.length();
            while (true) {
                int comma = value.lastIndexOf(',', end - 1);
                if (entries == 0 || entries == client.entry()) {
                    String scheme = value.substring(comma + 1, end).trim().toLowerCase(Locale.ROOT);
                    only = entries == 0 ? scheme : only;
                    atClient = entries == client.entry() ? scheme : atClient;
                }
                entries++;
                if (comma < 0) {
                    break;
                }
                end = comma;
            }
        }
        // Several values but the client is the peer itself: none of them says what the peer received.
        String scheme = entries == 1 ? only : atClient;
        return "https".equals(scheme) || "http".equals(scheme) ? scheme : null;
    }

    /**
     * The client of a forwarded request: its address, and which {@code X-Forwarded-For} entry it came from, counted
     * from the right (0 = the one the peer added); -1 when the client is the peer itself.
     */
    public record ForwardedClient(byte[] address, int entry) {
    }
}
