package io.leadpulse.sinks.webhooks.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}), matched on the raw address bytes so
 * that an IPv4 range never matches an IPv6 address or the other way round.
 */
final class AddressRange {
    private final String cidr;
    private final byte[] network;
    private final int prefixLength;

    private AddressRange(String cidr, byte[] network, int prefixLength) {
        this.cidr = cidr;
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses an IP literal with a prefix length; literals are never looked up in DNS. */
    static AddressRange of(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            int prefixLength = Integer.parseInt(cidr.substring(slash + 1));
            if (prefixLength < 0 || prefixLength > network.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + cidr);
            }
            return new AddressRange(cidr, network, prefixLength);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + cidr, e);
        }
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int wholeBytes = prefixLength / 8;
        for (int i = 0; i < wholeBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xff << (8 - remainingBits) & 0xff;
        return (address[wholeBytes] & mask) == (network[wholeBytes] & mask);
    }

    @Override
    public String toString() {
        return cidr;
    }
}
