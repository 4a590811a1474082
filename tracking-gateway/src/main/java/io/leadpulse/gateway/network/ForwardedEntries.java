package io.leadpulse.gateway.network;

/**
 * Reads one entry of an {@code X-Forwarded-For} list as proxies write it: an address, optionally with a port
 * ({@code 192.0.2.1:51234}, {@code [2001:db8::1]:443}, {@code [2001:db8::1]}), surrounded by optional white space.
 */
final class ForwardedEntries {
    private ForwardedEntries() {
    }

    /** The address of the entry in {@code value[start, end)}, or null when it is not one. */
    static byte[] address(String value, int start, int end) {
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return null;
        }
        if (value.charAt(start) == '[') {
            int close = indexOf(value, ']', start, end);
            if (close < 0 || indexOf(value, ':', start, close) < 0 || !(close + 1 == end || isPort(value, close + 1, end))) {
                return null; // brackets are for IPv6 only
            }
            return IpAddresses.parse(value, start + 1, close);
        }
        int colon = indexOf(value, ':', start, end);
        if (colon >= 0 && indexOf(value, ':', colon + 1, end) < 0) {
            // One colon: IPv4 with a port. (Two or more: IPv6, which carries a port only in brackets.)
            return isPort(value, colon, end) ? ipv4(value, start, colon) : null;
        }
        return IpAddresses.parse(value, start, end);
    }

    private static int indexOf(String value, char c, int start, int end) {
        for (int i = start; i < end; i++) {
            if (value.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ipv4(String value, int start, int end) {
        byte[] address = IpAddresses.parse(value, start, end);
        return address != null && address.length == 4 ? address : null;
    }

    /** {@code :digits} at {@code value[colon, end)}. */
    private static boolean isPort(String value, int colon, int end) {
        if (value.charAt(colon) != ':' || end - colon < 2 || end - colon > 6) {
            return false;
        }
        for (int i = colon + 1; i < end; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
