package dev.agentplane.registry.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    /**
     * At most 20 headers: names a token (none of {@code reserved}, lower case), values one line of at most
     * {@link #MAX_HEADER_VALUE} characters without NUL; {@code extra} reports a value's own rule, null when it passes.
     */
    static void headers(JsonNode headers, Pointer at, Set<String> reserved,
                        java.util.function.Function<String, String> extra, List<ValidationIssue> issues) {
        if (headers == null || headers.isNull()) {
            return;
        }
        if (!headers.isObject() || headers.size() > 20) {
            issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE", "must be an object of at most 20 headers"));
            return;
        }
        headers.fields().forEachRemaining(h -> {
            Pointer one = at.at(h.getKey());
            String value = h.getValue().isTextual() ? h.getValue().asText() : null;
            if (!HEADER.matcher(h.getKey()).matches() || reserved.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                issues.add(new ValidationIssue(one.toString(), "INVALID_VALUE", "not a header name an agent may set"));
            } else if (value == null || value.length() > MAX_HEADER_VALUE
                    || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                issues.add(new ValidationIssue(one.toString(), "INVALID_VALUE",
                        "must be a one-line string of at most 4,096 characters"));
            } else if (extra.apply(value) != null) {
                issues.add(new ValidationIssue(one.toString(), "INVALID_VALUE", extra.apply(value)));
            }
        });
    }
}
