package io.leadpulse.launcher;

import static io.leadpulse.launcher.CommandLineRun.leadpulse;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.leadpulse.embedded.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code leadpulse webhooks} when the gateway cannot help: every failure is one line that says what to do, with exit
 * code 1 (2 for a command given wrongly), never a stack trace or a bare "null". The commands against a running
 * gateway are specified in {@link WebhookDeliveryEndToEndTest}.
 */
class WebhooksCommandTest {
    @Test
    void withNoGatewayListeningItSaysItCannotReachIt() throws Exception {
        int closedPort = FreePorts.pick();
        String url = "http://127.0.0.1:" + closedPort;

        CommandLineRun run = leadpulse("webhooks", "dead-letters", "--url", url, "--api-key", "k");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("leadpulse webhooks: cannot reach the gateway at " + url + "; is it running (see --url)?"
                + System.lineSeparator());
    }

    @Test
    void anAnswerThatIsNotTheGatewaysJsonIsReportedWithItsStatus() throws Exception {
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        try {
            CommandLineRun run = leadpulse("webhooks", "replay", "--all", "--url", "http://127.0.0.1:" + proxy.getAddress().getPort(),
                    "--api-key", "k");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("leadpulse webhooks: the gateway answered 502: <html><body>502 Bad Gateway");
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedByName() {
        CommandLineRun run = leadpulse("webhooks", "dead-letters", "--url", "localhost:8080", "--api-key", "k");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--url must be the gateway's http(s) URL").contains("'localhost:8080'");
    }

    @Test
    void replayNeedsIdsOrAllButNotBoth() {
        assertThat(leadpulse("webhooks", "replay", "--url", "http://127.0.0.1:9").exitCode()).isEqualTo(2);
        assertThat(leadpulse("webhooks", "replay", "--all", "dl-1", "--url", "http://127.0.0.1:9").exitCode()).isEqualTo(2);
    }
}
