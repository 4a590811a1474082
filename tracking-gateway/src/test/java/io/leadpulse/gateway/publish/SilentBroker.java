package io.leadpulse.gateway.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kafka behind a network that drops every packet after the handshake: it takes connections on the broker's port and
 * never answers, so clients wait for their timeouts instead of being refused at once.
 */
final class SilentBroker implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private SilentBroker(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptForever, "silent-broker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SilentBroker on(int port) {
        try {
            return new SilentBroker(new ServerSocket(port, 50, InetAddress.getByName("localhost")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the broker's port " + port, e);
        }
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                held.add(server.accept());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
