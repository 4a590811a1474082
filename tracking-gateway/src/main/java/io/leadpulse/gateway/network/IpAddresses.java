package io.leadpulse.gateway.network;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Reads IP address literals strictly and without DNS: {@link InetAddress#getByName} would look a host name up and
 * takes {@code 127.1} or {@code 2130706433} for 127.0.0.1, neither of which belongs in a header or a range list.
 * An address is its bytes: 4 for IPv4, 16 for IPv6; IPv4-mapped IPv6 ({@code ::ffff:192.0.2.1}) is read as its IPv4
 * address, as the JDK does for socket peers, so one range matches both forms.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** The address written in {@code text}, or null when it is not exactly one IPv4 or IPv6 literal. */
    public static byte[] parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    /** The address written in {@code text[start, end)}, or null; reads the characters in place. */
    public static byte[] parse(CharSequence text, int start, int end) {
        if (start >= end) {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == ':') {
                return unmapped(ipv6(text, start, end));
            }
        }
        byte[] v4 = new byte[4];
        return ipv4(text, start, end, v4, 0) ? v4 : null;
    }

    /** The bytes of a socket peer's address, IPv4-mapped IPv6 as IPv4. */
    public static byte[] of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet6Address ? unmapped(bytes) : bytes;
    }

    /** The text form: dotted decimal, or RFC 5952 IPv6 (lower case, the longest run of zero groups as {@code ::}). */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is written as 0, not ::
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && address[2 * j] == 0 && address[2 * j + 1] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString((address[2 * i] & 0xFF) << 8 | address[2 * i + 1] & 0xFF));
        }
        return text.toString();
    }

    /** Dotted decimal, four parts of 0-255 without leading zeros (which some parsers read as octal). */
    private static boolean ipv4(CharSequence text, int start, int end, byte[] into, int offset) {
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = start; i <= end; i++) {
            char c = i < end ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return false;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return false;
                }
            } else if (c == '.') {
                if (digits == 0 || part == 4) {
                    return false;
                }
                into[offset + part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return false;
            }
        }
        return part == 4;
    }

    /** RFC 4291 text form: eight groups of 1-4 hex digits, one {@code ::} at most, an IPv4 tail allowed; no zone. */
    private static byte[] ipv6(CharSequence text, int start, int end) {
        byte[] bytes = new byte[16];
        int groups = 0;
        int gap = -1;
        int i = start;
        if (text.charAt(i) == ':') {
            if (end - start < 2 || text.charAt(i + 1) != ':') {
                return null;
            }
            gap = 0;
            i += 2;
        }
        while (i < end) {
            int groupStart = i;
            int value = 0;
            while (i < end && i - groupStart < 5 && hex(text.charAt(i)) >= 0) {
                value = value * 16 + hex(text.charAt(i));
                i++;
            }
            if (i < end && text.charAt(i) == '.') {
                if (groups > 6 || !ipv4(text, groupStart, end, bytes, groups * 2)) {
                    return null;
                }
                groups += 2;
                i = end;
                break;
            }
            if (i == groupStart || i - groupStart > 4 || groups == 8) {
                return null;
            }
            bytes[groups * 2] = (byte) (value >> 8);
            bytes[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == end) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < end && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = groups;
                i++;
            } else if (i == end) {
                return null; // a single trailing colon
            }
        }
        if (gap < 0) {
            return groups == 8 ? bytes : null;
        }
        if (groups > 7) {
            return null;
        }
        int tail = groups - gap;
        System.arraycopy(bytes, gap * 2, bytes, 16 - tail * 2, tail * 2);
        Arrays.fill(bytes, gap * 2, 16 - tail * 2, (byte) 0);
        return bytes;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static byte[] unmapped(byte[] bytes) {
        if (bytes == null || bytes.length != 16 || !isIpv4Mapped(bytes)) {
            return bytes;
        }
        return new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }
}
