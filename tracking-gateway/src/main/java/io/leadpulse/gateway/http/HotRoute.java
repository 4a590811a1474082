package io.leadpulse.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * The route most requests take ({@code GET|HEAD /l/{code}}, the redirect), answered before the routing table: Undertow's
 * {@code RoutingHandler} matches each request's path against its templates, which took 3.7 % of an IO thread's time
 * under wrk (docs/benchmarks.md, session 16, "the redirect before the routing table"). It takes a
 * subset of what the table sends to the same handler: the method, then one non-empty segment after the prefix without
 * a {@code ?} (a decoded {@code %3F}, where the table's template ends the parameter), filed as the table files it. The
 * rest, the table's other forms of the route ({@code /l/x/}, {@code /l/}) included, goes to the table unchanged, so the
 * table must keep the route too, and must have no other GET or HEAD route of one segment under the prefix (it would
 * prefer a literal one, which this would hide).
 */
public final class HotRoute implements HttpHandler {
    private final String prefix;
    private final String parameter;
    private final HttpHandler route;
    private final HttpHandler table;

    /**
     * @param template a literal prefix of at least one segment, then one parameter: {@code /l/{code}}
     * @param route    what the table sends {@code GET} and {@code HEAD} on the template to
     * @param table    the routing table, for everything else
     */
    public HotRoute(String template, HttpHandler route, HttpHandler table) {
        int open = template.lastIndexOf("/{");
        String literal = open > 0 ? template.substring(0, open + 1) : "";
        String name = open > 0 && template.endsWith("}") ? template.substring(open + 2, template.length() - 1) : "";
        if (literal.isEmpty() || literal.contains("{") || literal.contains("*") || name.isEmpty() || name.contains("}")) {
            throw new IllegalArgumentException("not a literal prefix and one parameter after it: " + template);
        }
        this.prefix = literal;
        this.parameter = name;
        this.route = route;
        this.table = table;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        HttpString method = exchange.getRequestMethod();
        if ((Methods.GET.equals(method) || Methods.HEAD.equals(method)) && path.length() > prefix.length()
                && path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0 && path.indexOf('?', prefix.length()) < 0) {
            exchange.addQueryParam(parameter, path.substring(prefix.length()));
            route.handleRequest(exchange);
        } else {
            table.handleRequest(exchange);
        }
    }
}
