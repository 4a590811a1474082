package io.leadpulse.gateway.network;

import java.util.Arrays;

/** One block of addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is its own block. */
public final class IpRange {
    private static final String EXAMPLE = "such as 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32";

    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Reads one range. Refuses anything but an address literal with an optional prefix length, and a range whose
     * address has bits set after the prefix ({@code 10.1.2.3/8}): which of the two was meant cannot be guessed, and
     * guessing wrong in a list of trusted proxies trusts the wrong machines.
     */
    public static IpRange parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String literal = slash < 0 ? value : value.substring(0, slash);
        byte[] address = IpAddresses.parse(literal);
        if (address == null) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address or CIDR range " + EXAMPLE);
        }
        int bits = address.length * 8;
        // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is read as the IPv4 range it covers.
        int mappedBits = literal.indexOf(':') >= 0 && address.length == 4 ? 96 : 0;
        int prefix = bits;
        if (slash >= 0) {
            prefix = prefixLength(value.substring(slash + 1), bits + mappedBits, value) - mappedBits;
            if (prefix < 0) {
                throw new IllegalArgumentException("'" + value + "' covers more than IPv4-mapped addresses; write IPv4 ranges as such");
            }
        }
        byte[] masked = masked(address, prefix);
        if (!Arrays.equals(masked, address)) {
            throw new IllegalArgumentException("'" + value + "' has address bits set after its /" + (prefix + mappedBits)
                    + " prefix; write " + new IpRange(masked, prefix) + " for the block, or the address alone for one machine");
        }
        return new IpRange(masked, prefix);
    }

    private static int prefixLength(String digits, int max, String value) {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + value + "' needs a prefix length from 0 to " + max + " after the /");
        }
        int prefix = Integer.parseInt(digits);
        if (prefix > max) {
            throw new IllegalArgumentException("'" + value + "' needs a prefix length from 0 to " + max + " after the /");
        }
        return prefix;
    }

    /** Whether the address (4 or 16 bytes, as {@link IpAddresses} reads it) is in this range. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[whole] & mask) == (network[whole] & 0xFF);
    }

    /** The first address of the range; not a copy, so only for this package. */
    byte[] network() {
        return network;
    }

    int prefixLength() {
        return prefixLength;
    }

    /** Whether this range covers every address of its family ({@code 0.0.0.0/0}, {@code ::/0}). */
    public boolean isEverything() {
        return prefixLength == 0;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - keep)));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range && range.prefixLength == prefixLength && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** The canonical form: {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + prefixLength;
    }
}
