package io.leadpulse.gateway.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plain HTTP/1.1 from a chosen loopback address (127.0.0.2, 127.0.0.3...): another machine as far as the gateway can
 * tell, which the JDK's HttpClient cannot play because it cannot bind its local address.
 */
final class PeerAt {
    private final InetAddress local;

    private PeerAt(InetAddress local) {
        this.local = local;
    }

    static PeerAt address(String loopbackLiteral) {
        try {
            return new PeerAt(InetAddress.getByName(loopbackLiteral));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response get(int port, String path, Map<String, String> headers) {
        return send(port, "GET", path, headers, null);
    }

    Response post(int port, String path, Map<String, String> headers, String body) {
        return send(port, "POST", path, headers, body);
    }

    private Response send(int port, String method, String path, Map<String, String> headers, String body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return Response.read(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Response(int status, List<String> headerLines, String body) {
        static Response read(BufferedReader in) throws IOException {
            String statusLine = in.readLine();
            if (statusLine == null) {
                throw new IOException("the connection closed before an answer");
            }
            List<String> headers = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                headers.add(line);
            }
            StringBuilder body = new StringBuilder();
            char[] buffer = new char[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                body.append(buffer, 0, n);
            }
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body.toString());
        }

        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst();
        }
    }
}
