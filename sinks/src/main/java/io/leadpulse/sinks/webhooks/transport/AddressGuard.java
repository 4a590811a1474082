package io.leadpulse.sinks.webhooks.transport;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a webhook may reach an address, so that a subscriber's URL cannot point LeadPulse at its own
 * network (the cloud metadata service, Redis, Kafka, an admin port on localhost): server-side request forgery.
 *
 * <p>Blocked IPv4 ranges: {@code 0.0.0.0/8} ("this network"), {@code 10.0.0.0/8}, {@code 100.64.0.0/10} (carrier-grade
 * NAT), {@code 127.0.0.0/8} (loopback), {@code 169.254.0.0/16} (link-local, cloud metadata), {@code 172.16.0.0/12},
 * {@code 192.168.0.0/16}, {@code 192.0.0.0/24} (IETF protocol assignments), {@code 198.18.0.0/15} (benchmarking),
 * {@code 224.0.0.0/4} (multicast), {@code 240.0.0.0/4} (reserved, including the broadcast address
 * {@code 255.255.255.255}).
 *
 * <p>Blocked IPv6 ranges: {@code ::} (unspecified), {@code ::1} (loopback), {@code fc00::/7} (unique local),
 * {@code fe80::/10} (link-local), {@code fec0::/10} (the deprecated site-local range, still routed by some stacks),
 * {@code ff00::/8} (multicast).
 *
 * <p>IPv6 forms that carry an IPv4 address are judged by that IPv4 address: IPv4-mapped {@code ::ffff:a.b.c.d},
 * IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:AABB:CCDD::/48}. The JDK
 * already turns an IPv4-mapped literal into an {@link Inet4Address}; one built from raw bytes stays an
 * {@link Inet6Address} and is unwrapped here.
 *
 * <p>With {@code allowPrivate} ({@code LP_WEBHOOK_ALLOW_PRIVATE}, for development and for receivers inside a
 * trusted network) every address is allowed.
 */
public final class AddressGuard {
    private static final List<AddressRange> BLOCKED_IPV4 = ranges(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.168.0.0/16", "192.0.0.0/24", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4");

    private static final List<AddressRange> BLOCKED_IPV6 = ranges(
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");

    /** Ranges whose last 32 bits are an IPv4 address. Written as bytes: the JDK would turn ::ffff:0:0 into IPv4. */
    private static final List<byte[]> IPV4_IN_LAST_32_BITS = List.of(
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff},
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
            new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});

    private static final byte[] SIX_TO_FOUR = {0x20, 0x02};

    private final boolean allowPrivate;

    public AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Whether a webhook may connect to this address. */
    public boolean allows(InetAddress address) {
        return allowPrivate || !isBlocked(address);
    }

    private static boolean isBlocked(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return inAny(BLOCKED_IPV4, bytes);
        }
        if (inAny(BLOCKED_IPV6, bytes)) {
            return true;
        }
        return embeddedIpv4(bytes).map(ipv4 -> inAny(BLOCKED_IPV4, ipv4)).orElse(false);
    }

    private static Optional<byte[]> embeddedIpv4(byte[] ipv6) {
        for (byte[] prefix : IPV4_IN_LAST_32_BITS) {
            if (Arrays.equals(ipv6, 0, prefix.length, prefix, 0, prefix.length)) {
                return Optional.of(Arrays.copyOfRange(ipv6, 12, 16));
            }
        }
        if (Arrays.equals(ipv6, 0, 2, SIX_TO_FOUR, 0, 2)) {
            return Optional.of(Arrays.copyOfRange(ipv6, 2, 6));
        }
        return Optional.empty();
    }

    private static boolean inAny(List<AddressRange> ranges, byte[] address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    private static List<AddressRange> ranges(String... cidrs) {
        return Arrays.stream(cidrs).map(AddressRange::of).toList();
    }
}
