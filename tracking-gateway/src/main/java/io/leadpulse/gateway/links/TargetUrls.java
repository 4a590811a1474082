package io.leadpulse.gateway.links;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a URL may be the destination of a tracked link (or of a webhook): absolute http(s) only, nothing
 * that could be abused.
 */
public final class TargetUrls {
    static final int MAX_LENGTH = 4096;

    private TargetUrls() {
    }

    /** The reason the URL is refused, or empty when it is acceptable; the message calls it targetUrl. */
    public static Optional<String> problemWith(String url) {
        return problemWith(url, "targetUrl");
    }

    /** The reason the URL is refused, or empty when it is acceptable; {@code field} is how the message names it. */
    public static Optional<String> problemWith(String url, String field) {
        if (url == null || url.isBlank()) {
            return Optional.of(field + " is required");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of(field + " is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c)) {
                return Optional.of(field + " contains whitespace or control characters");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(field + " is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of(field + " must be an absolute http or https URL");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return Optional.of(field + " must name a host");
        }
        if (authority.contains("@")) {
            return Optional.of(field + " must not carry credentials");
        }
        return hostProblem(uri.getHost() != null ? uri.getHost() : authority.replaceFirst(":[0-9]*$", ""), field);
    }

    /** URI leaves internationalised host names unparsed; they are fine when IDNA can spell them in ASCII. */
    private static Optional<String> hostProblem(String host, String field) {
        if (host.isEmpty()) {
            return Optional.of(field + " must name a host");
        }
        try {
            IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return host.startsWith("[") ? Optional.empty() : Optional.of(field + " has an invalid host name");
        }
    }
}
