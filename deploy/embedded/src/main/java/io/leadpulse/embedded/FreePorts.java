package io.leadpulse.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a loopback port nobody listens on, for services that must be told their port up front.
 *
 * <p>A picked port is free only until somebody takes it, and the service is told it a moment later.
 * So it is picked outside the kernel's ephemeral range: the kernel hands ports in that range to every
 * {@code bind} to port 0 and to the local end of every outgoing connection (Kafka and Redis clients open
 * many), and one of them could take the port in that moment. Outside the range only an explicit bind can,
 * and a port is never handed out twice by one process.
 */
public final class FreePorts {
    static final int LOWEST = 10_000;
    static final int HIGHEST = 65_535;
    private static final int ENOUGH = 1_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** IANA's dynamic ports, for kernels that do not say their range. */
    private static final int IANA_EPHEMERAL_LOW = 49_152;
    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A free loopback port outside the ephemeral range (or, where the kernel leaves no room outside it, any free one),
     * not handed out before by this process.
     */
    public static int pick() {
        int[] outside = outsideEphemeralRange();
        for (int attempt = 0; outside != null && attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(outside[0], outside[1]);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        return anyFree();
    }

    /**
     * The ports to pick from, {@code [from, to)}: below the ephemeral range, or above it where it starts low (some
     * hosts give it {@code 1024-65535}); null where neither side leaves {@value #ENOUGH} ports.
     */
    static int[] outsideEphemeralRange() {
        int[] ephemeral = ephemeralRange();
        if (ephemeral[0] - LOWEST >= ENOUGH) {
            return new int[]{LOWEST, ephemeral[0]};
        }
        if (HIGHEST - ephemeral[1] >= ENOUGH) {
            return new int[]{ephemeral[1] + 1, HIGHEST + 1};
        }
        return null;
    }

    /** The kernel's ephemeral range, both ends included; IANA's dynamic ports where the kernel does not say. */
    static int[] ephemeralRange() {
        try {
            return kernelEphemeralRange();
        } catch (IOException | RuntimeException e) {
            return new int[]{IANA_EPHEMERAL_LOW, HIGHEST};
        }
    }

    /**
     * The range as Linux gives it. The file is read in one buffered read: the kernel answers a read of a sysctl at a
     * later offset with end of file, so a byte-wise read (as {@code Files.readString} does with a file of size 0)
     * sees only "3".
     */
    static int[] kernelEphemeralRange() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            String[] range = reader.readLine().trim().split("\\s+");
            return new int[]{Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        }
    }

    /**
     * Whether a port chosen earlier (a broker's saved port, bound again at its restart) is free; either way, no later
     * {@link #pick()} hands it out.
     */
    public static boolean claim(int port) {
        HANDED_OUT.add(port);
        return isFree(port);
    }

    static boolean handedOut(int port) {
        return HANDED_OUT.contains(port);
    }

    private static int anyFree() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no loopback port left that this process has not handed out");
    }
}
