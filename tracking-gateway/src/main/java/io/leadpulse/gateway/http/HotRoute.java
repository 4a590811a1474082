package io.leadpulse.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * The route most requests take ({@code GET|HEAD /l/{code}}, the redirect), answered before the routing table: Undertow's
 * {@code RoutingHandler} matches each request's path against its templates, which took 3.7 % of an IO thread's time
 * under wrk (docs/benchmarks.md, session 16). A request taken here is exactly one the table would have sent to the
 * same handler (the method, then one non-empty path segment after the prefix), with the segment filed as the table
 * files it; every other request goes to the table unchanged.
 */
public final class HotRoute implements HttpHandler {
    private final String prefix;
    private final String parameter;
    private final HttpHandler route;
    private final HttpHandler table;

    /**
     * @param template a template of one parameter as the last segment, {@code /l/{code}}
     * @param route    what the table sends {@code GET} and {@code HEAD} on the template to
     * @param table    the routing table, for everything else
     */
    public HotRoute(String template, HttpHandler route, HttpHandler table) {
        int open = template.lastIndexOf("/{");
        if (open < 0 || !template.endsWith("}")) {
            throw new IllegalArgumentException("not a template ending in one parameter: " + template);
        }
        this.prefix = template.substring(0, open + 1);
        this.parameter = template.substring(open + 2, template.length() - 1);
        this.route = route;
        this.table = table;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        HttpString method = exchange.getRequestMethod();
        if ((Methods.GET.equals(method) || Methods.HEAD.equals(method)) && path.length() > prefix.length()
                && path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
            exchange.addQueryParam(parameter, path.substring(prefix.length()));
            route.handleRequest(exchange);
        } else {
            table.handleRequest(exchange);
        }
    }
}
