package io.leadpulse.gateway.network;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Truncates a client address before it leaves the process: IPv4 to its /24, IPv6 to its /48. */
public final class ClientNetworks {
    private ClientNetworks() {
    }

    public static String truncate(InetSocketAddress source) {
        if (source == null || source.getAddress() == null) {
            return null;
        }
        InetAddress address = source.getAddress();
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) { // by hand: the common case, without a second InetAddress per request
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
        }
        int keep = address instanceof Inet6Address ? 6 : 0;
        byte[] network = new byte[bytes.length];
        System.arraycopy(bytes, 0, network, 0, keep);
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + keep * 8;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
