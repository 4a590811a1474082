package io.leadpulse.gateway.redirect;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import java.util.Base64;

/**
 * A random first-party visitor id kept in a cookie, so repeat clicks by the same browser can be recognised without
 * fingerprinting. The cookie is HttpOnly, SameSite=Lax, and Secure when the browser reached the gateway over https:
 * always when the public base URL is https, otherwise when a trusted proxy says so ({@code X-Forwarded-Proto}, read by
 * {@link io.leadpulse.gateway.network.TrustedProxies}).
 */
public final class Visitors {
    public static final String COOKIE = "lp_v";
    private static final int MAX_AGE_SECONDS = 365 * 24 * 3600;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private static final String ATTRIBUTES = "; Path=/; Max-Age=" + MAX_AGE_SECONDS + "; HttpOnly; SameSite=Lax";
    private static final String SECURE_ATTRIBUTES = ATTRIBUTES + "; Secure";

    private final boolean alwaysHttps;

    /** @param alwaysHttps whether every link handed out is https (the public base URL is) */
    public Visitors(boolean alwaysHttps) {
        this.alwaysHttps = alwaysHttps;
    }

    /** The visitor id of this request, creating and setting a new one when it has none (or a malformed one). */
    public String identify(HttpServerExchange exchange) {
        Cookie existing = exchange.getRequestCookie(COOKIE);
        if (existing != null && isWellFormed(existing.getValue())) {
            return existing.getValue();
        }
        String id = ENCODER.encodeToString(RandomIds.bytes(16));
        // Written by hand: Undertow's cookie rendering adds an Expires date through SimpleDateFormat,
        // which cost 7 % of the IO threads' time under load (JFR); Max-Age alone is what browsers use.
        // A browser refuses a Secure cookie sent over plain http, so Secure only when the request was https.
        boolean secure = alwaysHttps || exchange.isSecure();
        exchange.getResponseHeaders().add(Headers.SET_COOKIE, COOKIE + "=" + id + (secure ? SECURE_ATTRIBUTES : ATTRIBUTES));
        return id;
    }

    private static boolean isWellFormed(String value) {
        if (value == null || value.length() != 22) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
