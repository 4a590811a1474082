package io.leadpulse.gateway.redirect;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import java.util.Base64;

/**
 * A random first-party visitor id kept in a cookie, so repeat clicks by the same browser can be recognised without
 * fingerprinting. The cookie is HttpOnly, SameSite=Lax, and Secure when the gateway is served over https.
 */
public final class Visitors {
    public static final String COOKIE = "lp_v";
    private static final int MAX_AGE_SECONDS = 365 * 24 * 3600;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final boolean secure;

    public Visitors(boolean secure) {
        this.secure = secure;
    }

    /** The visitor id of this request, creating and setting a new one when it has none (or a malformed one). */
    public String identify(HttpServerExchange exchange) {
        Cookie existing = exchange.getRequestCookie(COOKIE);
        if (existing != null && isWellFormed(existing.getValue())) {
            return existing.getValue();
        }
        String id = ENCODER.encodeToString(RandomIds.bytes(16));
        exchange.setResponseCookie(new CookieImpl(COOKIE, id)
                .setPath("/")
                .setMaxAge(MAX_AGE_SECONDS)
                .setHttpOnly(true)
                .setSecure(secure)
                .setSameSiteMode("Lax"));
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
