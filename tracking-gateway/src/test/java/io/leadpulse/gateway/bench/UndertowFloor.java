package io.leadpulse.gateway.bench;

import io.leadpulse.gateway.TrackingGateway;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * The third peer of {@code deploy/bench/redirect-vs-nginx.sh}: Undertow with the gateway's listener options answering
 * what the gateway answers (a 302 with a click id and a new visitor cookie, or a 204 to a beacon) from constants, with
 * no lookup, no signing, no classification and no Kafka. What it reaches is the most the gateway could reach on this
 * HTTP server and machine, so a run shows how much of the gap to nginx is Undertow's and how much is the gateway's.
 *
 * <p>Usage: {@code java -cp ... io.leadpulse.gateway.bench.UndertowFloor [port=18384]}
 */
public final class UndertowFloor {
    private static final String LOCATION = "https://example.com/outline?lp_c=7fQk2cAbCdEf.rdT_wzRc8kH1.7CCjlk2zIORiUvfa";
    private static final String COOKIE = "lp_v=BW6ifkBY29nhe8cjITTqiQ; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax";
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");

    private UndertowFloor() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18384;
        Undertow server = TrackingGateway.withServerOptions(Undertow.builder())
                .addHttpListener(port, "127.0.0.1")
                .setHandler(UndertowFloor::answer)
                .build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("Undertow floor is up on port " + port);
    }

    private static void answer(HttpServerExchange exchange) {
        if (Methods.POST.equals(exchange.getRequestMethod())) {
            exchange.getRequestReceiver().receiveFullBytes((done, body) -> {
                done.setStatusCode(204);
                done.getResponseHeaders().put(ALLOW_ORIGIN, "*");
                done.endExchange();
            });
            return;
        }
        exchange.setStatusCode(302);
        exchange.getResponseHeaders().put(Headers.SET_COOKIE, COOKIE);
        exchange.getResponseHeaders().put(Headers.LOCATION, LOCATION);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.endExchange();
    }
}
