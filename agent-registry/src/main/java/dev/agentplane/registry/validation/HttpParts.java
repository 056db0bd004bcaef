package dev.agentplane.registry.validation;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** What an agent may give as an outbound request's URL and headers (MCP servers, HTTP tools). */
final class HttpParts {
    static final int MAX_URL = 2048;
    static final int MAX_HEADER_VALUE = 4096;
    private static final Pattern HEADER = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$");

    private HttpParts() {
    }

    /** An absolute http(s) URL with a host, without credentials or fragment, at most {@link #MAX_URL} characters. */
    static boolean httpUrl(String text) {
        if (text.length() > MAX_URL) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getRawAuthority() != null
                    && !uri.getRawAuthority().contains("@") && uri.getRawFragment() == null;
        } catch (Exception e) {
            return false;
        }
    }

    static boolean headerName(String name) {
        return HEADER.matcher(name).matches();
    }

    /** A header value: one line, no NUL, at most {@link #MAX_HEADER_VALUE} characters. */
    static boolean headerValue(String value) {
        return value.length() <= MAX_HEADER_VALUE && value.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
    }
}
