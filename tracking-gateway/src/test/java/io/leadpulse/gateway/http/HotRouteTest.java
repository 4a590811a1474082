package io.leadpulse.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redirect's route, taken before the routing table for exactly the requests the table would send to it. */
class HotRouteTest {
    private final List<String> taken = new ArrayList<>();
    private final HotRoute route = new HotRoute("/l/{code}",
            exchange -> taken.add("route " + PathParameters.get(exchange, "code")),
            exchange -> taken.add("table " + exchange.getRelativePath()));

    @Test
    void aGetOrHeadOfOneSegmentAfterThePrefixTakesTheRouteWithItsParameter() throws Exception {
        route.handleRequest(request(Methods.GET, "/l/Ab3_x"));
        route.handleRequest(request(Methods.HEAD, "/l/..%2f..%2fetc"));

        assertThat(taken).containsExactly("route Ab3_x", "route ..%2f..%2fetc");
    }

    @Test
    void everyOtherRequestGoesToTheTable() throws Exception {
        route.handleRequest(request(Methods.POST, "/l/Ab3_x"));
        route.handleRequest(request(Methods.OPTIONS, "/l/Ab3_x"));
        route.handleRequest(request(Methods.GET, "/l/"));
        route.handleRequest(request(Methods.GET, "/l"));
        route.handleRequest(request(Methods.GET, "/l/Ab3_x/more"));
        route.handleRequest(request(Methods.GET, "/links/Ab3_x"));
        route.handleRequest(request(Methods.GET, "/v1/links/Ab3_x"));

        assertThat(taken).containsExactly("table /l/Ab3_x", "table /l/Ab3_x", "table /l/", "table /l", "table /l/Ab3_x/more",
                "table /links/Ab3_x", "table /v1/links/Ab3_x");
    }

    @Test
    void onlyATemplateEndingInOneParameterIsTaken() {
        assertThatThrownBy(() -> new HotRoute("/l/code", exchange -> { }, exchange -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/l/code");
    }

    private static HttpServerExchange request(HttpString method, String path) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setRequestMethod(method);
        exchange.setRelativePath(path);
        return exchange;
    }
}
