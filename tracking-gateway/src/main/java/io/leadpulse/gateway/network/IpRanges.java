package io.leadpulse.gateway.network;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A list of address ranges an operator configured (trusted proxies, known scanner networks), read once at start.
 * Asking whether an address is in it allocates nothing and takes a binary search, so a list of thousands of
 * published ranges costs the redirect no more than a few.
 */
public final class IpRanges {
    private static final Comparator<IpRange> BY_NETWORK_THEN_WIDEST =
            Comparator.<IpRange, byte[]>comparing(IpRange::network, Arrays::compareUnsigned).thenComparingInt(IpRange::prefixLength);
    private static final IpRanges NONE = new IpRanges(List.of()); // after the comparator it is built with

    private final List<IpRange> configured;
    /** Per family, the ranges that are not inside another, in address order: CIDR blocks nest or are apart. */
    private final IpRange[] ipv4;
    private final IpRange[] ipv6;

    private IpRanges(List<IpRange> configured) {
        this.configured = List.copyOf(configured);
        this.ipv4 = outermost(configured, 4);
        this.ipv6 = outermost(configured, 16);
    }

    public static IpRanges none() {
        return NONE;
    }

    /**
     * Reads comma-separated ranges ({@code 10.0.0.0/8, 2001:db8::/32, 192.0.2.7}); blank means none. Throws
     * {@link IllegalArgumentException} naming the first entry that is not a range.
     */
    public static IpRanges parse(String commaSeparated) {
        List<IpRange> ranges = new ArrayList<>();
        if (commaSeparated != null) {
            for (String entry : commaSeparated.split(",")) {
                if (!entry.isBlank()) {
                    ranges.add(IpRange.parse(entry));
                }
            }
        }
        return ranges.isEmpty() ? NONE : new IpRanges(ranges);
    }

    public boolean isEmpty() {
        return configured.isEmpty();
    }

    /** Whether the address (4 or 16 bytes, as {@link IpAddresses} reads it) is in one of the ranges. */
    public boolean contains(byte[] address) {
        IpRange[] family = address.length == 4 ? ipv4 : ipv6;
        int low = 0;
        int high = family.length - 1;
        while (low <= high) { // the last range starting at or before the address is the only one that can hold it
            int middle = (low + high) >>> 1;
            if (Arrays.compareUnsigned(family[middle].network(), address) <= 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return high >= 0 && family[high].contains(address);
    }

    public boolean contains(InetAddress address) {
        return !configured.isEmpty() && address != null && contains(IpAddresses.of(address));
    }

    /** Whether a range covers a whole address family, so that any client could be in it. */
    public boolean coversEverything() {
        return configured.stream().anyMatch(IpRange::isEverything);
    }

    /** The ranges as configured. */
    public List<IpRange> ranges() {
        return configured;
    }

    private static IpRange[] outermost(List<IpRange> ranges, int addressLength) {
        List<IpRange> kept = new ArrayList<>();
        Stream<IpRange> family = ranges.stream().filter(range -> range.network().length == addressLength);
        for (IpRange range : family.sorted(BY_NETWORK_THEN_WIDEST).toList()) {
            // Sorted so, a range inside an earlier one can only be inside the last one kept.
            if (kept.isEmpty() || !kept.get(kept.size() - 1).contains(range.network())) {
                kept.add(range);
            }
        }
        return kept.toArray(IpRange[]::new);
    }

    /** The ranges in canonical form, comma-separated; long lists are shortened, for log lines. */
    @Override
    public String toString() {
        String shown = configured.stream().limit(10).map(IpRange::toString).collect(Collectors.joining(","));
        return configured.size() > 10 ? shown + ",... (" + configured.size() + " ranges)" : shown;
    }
}
