package io.leadpulse.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The redirect's route, taken before the routing table: every request ends where the table alone would send it, with
 * the same code, and the plain form of the route never reaches the table.
 */
class HotRouteTest {
    private final List<String> handled = new ArrayList<>();
    private final List<String> tableSaw = new ArrayList<>();
    private final HttpHandler redirect = exchange -> handled.add(("redirect " + PathParameters.get(exchange, "code")).strip());
    private final RoutingHandler table = new RoutingHandler()
            .get("/l/{code}", redirect)
            .add(Methods.HEAD, "/l/{code}", redirect)
            .get("/t.js", exchange -> handled.add("script"))
            .post("/v1/links", exchange -> handled.add("links"))
            .setFallbackHandler(exchange -> handled.add("not found"))
            .setInvalidMethodHandler(exchange -> handled.add("method not allowed"));
    private final HotRoute hot = new HotRoute("/l/{code}", redirect, exchange -> {
        tableSaw.add(exchange.getRelativePath());
        table.handleRequest(exchange);
    });

    @ParameterizedTest(name = "{0} {1} (?code={2}) -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET     | /l/Ab3_x         | -     | redirect Ab3_x        | true
            HEAD    | /l/Ab3_x         | -     | redirect Ab3_x        | true
            GET     | /l/..%2f..%2fetc | -     | redirect ..%2f..%2fetc | true
            GET     | /l/Ab3_x         | B     | redirect Ab3_x        | true
            GET     | /l/Ab3_x?utm=1   | -     | redirect Ab3_x        | false
            GET     | /l/Ab3_x/        | -     | redirect Ab3_x        | false
            GET     | /l/              | -     | redirect              | false
            GET     | /l/Ab3_x/more    | -     | not found             | false
            GET     | /l               | -     | not found             | false
            POST    | /l/Ab3_x         | -     | method not allowed    | false
            OPTIONS | /l/Ab3_x         | -     | method not allowed    | false
            GET     | /t.js            | -     | script                | false
            GET     | /links/Ab3_x     | -     | not found             | false
            """)
    void everyRequestEndsWhereTheTableAloneSendsItWithTheSameCode(String method, String path, String queryCode, String expected,
                                                                   boolean takenBeforeTheTable) throws Exception {
        table.handleRequest(request(method, path, queryCode));
        hot.handleRequest(request(method, path, queryCode));

        assertThat(handled).as("the table alone, then the hot route").containsExactly(expected.strip(), expected.strip());
        assertThat(tableSaw.isEmpty()).as("taken before the table").isEqualTo(takenBeforeTheTable);
    }

    @Test
    void onlyALiteralPrefixWithOneParameterAfterItIsAccepted() {
        for (String template : List.of("/l/code", "/{code}", "/l/{a}/{b}", "/l/{}", "/l/*/{code}", "{code}")) {
            assertThatThrownBy(() -> new HotRoute(template, exchange -> { }, exchange -> { }))
                    .as(template).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(template);
        }
    }

    private static HttpServerExchange request(String method, String path, String queryCode) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setRequestMethod(HttpString.tryFromString(method));
        exchange.setRelativePath(path);
        if (queryCode != null) {
            exchange.addQueryParam("code", queryCode);
        }
        return exchange;
    }
}
