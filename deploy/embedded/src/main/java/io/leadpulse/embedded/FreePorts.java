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
 * So it is picked below the kernel's ephemeral range: the kernel hands ports in that range to every
 * {@code bind} to port 0 and to the local end of every outgoing connection (Kafka and Redis clients open
 * many), and one of them could take the port in that moment. Below the range only an explicit bind can,
 * and a port is never handed out twice by one process.
 */
public final class FreePorts {
    static final int LOWEST = 10_000;
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

    /** A free loopback port below the ephemeral range, not handed out before by this process. */
    public static int pick() {
        int below = ephemeralLow();
        for (int attempt = 0; below - LOWEST > 0 && attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        return anyFree();
    }

    /**
     * The lowest port of the kernel's ephemeral range. The file is read in one buffered read: the kernel
     * answers a read of a sysctl at a later offset with end of file, so a byte-wise read sees only "3".
     */
    static int ephemeralLow() {
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return IANA_EPHEMERAL_LOW;
        }
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
