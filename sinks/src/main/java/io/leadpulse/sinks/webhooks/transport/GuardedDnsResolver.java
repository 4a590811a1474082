package io.leadpulse.sinks.webhooks.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a webhook's host once, with the system resolver, and hands HttpClient only addresses the
 * {@link AddressGuard} allowed, so the connection goes to exactly the addresses that were checked: a DNS server
 * cannot answer with a public address for the check and a private one for the connection.
 *
 * <p>IP literals come through here too. HttpClient 5.6 skips the resolver only for an {@code HttpHost} that already
 * carries an {@code InetAddress}; a host taken from a request URI ({@code 127.1}, {@code 2130706433}, {@code [::1]})
 * carries none, and the JDK turns such literals into addresses here without asking DNS. If any resolved address is
 * blocked, the whole host is refused (the other addresses are the same name and the same intent).
 */
final class GuardedDnsResolver implements DnsResolver {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedDnsResolver.class);

    /**
     * The resolver's interface only lets lookups fail with {@link UnknownHostException}; the transport turns this one
     * back into a {@code BlockedAddressException}.
     */
    static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    private final AddressGuard guard;

    GuardedDnsResolver(AddressGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        for (InetAddress address : addresses) {
            if (!guard.allows(address)) {
                LOG.debug("Refused webhook host {}: resolves to blocked address {}", host, address.getHostAddress());
                throw new Refused("webhook host " + host + " resolves to blocked address " + address.getHostAddress());
            }
        }
        return addresses;
    }

    /** Overridden so that a failed lookup can never turn into an unresolved address for HttpClient to look up later. */
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
