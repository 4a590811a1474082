package io.leadpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients that send a request slowly, or never finish it, neither hold others up nor keep their connection forever. */
class SlowClientTest {
    @RegisterExtension
    static final RunningGateway gateway = new RunningGateway();

    private static final int SLOW_CLIENTS = 300;

    @Test
    void halfSentRequestsDoNotStarveOthersAndAreCutOffAfterTheParseTimeout() throws Exception {
        URI base = URI.create(gateway.base());
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }

            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                assertThat(gateway.send(gateway.request("/healthz").GET()).statusCode()).isEqualTo(200);
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
            }
            // They were answered while every slow client still held its connection, not once the parse timeout freed one.
            assertThat(stillHeld(slow.get(0))).as("the first slow client, after the checks").isTrue();

            // The server closes every half-sent request once the parse timeout (10 s) has passed.
            for (Socket socket : slow) {
                socket.setSoTimeout(20_000);
                assertThat(readUntilClosed(socket.getInputStream())).doesNotContain("200 OK");
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static boolean stillHeld(Socket socket) throws IOException {
        socket.setSoTimeout(50);
        try {
            socket.getInputStream().read(); // an answer or the end of the stream: the server has let it go
            return false;
        } catch (SocketTimeoutException nothingYet) {
            return true;
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder answer = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) != -1) {
                answer.append((char) c);
            }
        } catch (java.net.SocketException reset) {
            // Closed by the server: what we expect.
        }
        return answer.toString();
    }
}
