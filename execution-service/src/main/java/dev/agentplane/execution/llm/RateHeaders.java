package dev.agentplane.execution.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's request and token limits as its response headers state them: OpenAI's
 * {@code x-ratelimit-*-requests} and {@code x-ratelimit-*-tokens} (reset as {@code 6m0s}, {@code 1.5s},
 * {@code 20ms}) and Anthropic's {@code anthropic-ratelimit-requests-*} and {@code anthropic-ratelimit-tokens-*} (or,
 * without those, {@code anthropic-ratelimit-input-tokens-*}; reset as an RFC 3339 time). A remaining count is -1
 * when the headers say nothing of it.
 */
record RateHeaders(int limit, int remaining, long resetMillis, int tokenLimit, long tokensRemaining,
                   long tokensResetMillis) {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    static final RateHeaders NONE = new RateHeaders(-1, -1, 0, -1, -1, 0);

    static RateHeaders of(Map<String, List<String>> headers) {
        if (headers == null) {
            return NONE;
        }
        if (first(headers, "x-ratelimit-remaining-requests") != null
                || first(headers, "x-ratelimit-remaining-tokens") != null) {
            return new RateHeaders(integer(first(headers, "x-ratelimit-limit-requests")),
                    integer(first(headers, "x-ratelimit-remaining-requests")),
                    duration(first(headers, "x-ratelimit-reset-requests")),
                    integer(first(headers, "x-ratelimit-limit-tokens")),
                    integer(first(headers, "x-ratelimit-remaining-tokens")),
                    duration(first(headers, "x-ratelimit-reset-tokens")));
        }
        String tokens = first(headers, "anthropic-ratelimit-tokens-remaining") != null ? "anthropic-ratelimit-tokens-"
                : "anthropic-ratelimit-input-tokens-";
        if (first(headers, "anthropic-ratelimit-requests-remaining") != null
                || first(headers, tokens + "remaining") != null) {
            return new RateHeaders(integer(first(headers, "anthropic-ratelimit-requests-limit")),
                    integer(first(headers, "anthropic-ratelimit-requests-remaining")),
                    until(first(headers, "anthropic-ratelimit-requests-reset")),
                    integer(first(headers, tokens + "limit")), integer(first(headers, tokens + "remaining")),
                    until(first(headers, tokens + "reset")));
        }
        return NONE;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0).trim();
            }
        }
        return null;
    }

    private static int integer(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** OpenAI's reset: {@code 1s}, {@code 6m0s}, {@code 59.5s}, {@code 120ms}; 0 when absent or unreadable. */
    static long duration(String value) {
        if (value == null) {
            return 0;
        }
        Matcher m = PART.matcher(value.toLowerCase(Locale.ROOT));
        double millis = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
        }
        return (long) Math.ceil(millis);
    }

    private static long until(String time) {
        try {
            return time == null ? 0 : Math.max(0, Duration.between(Instant.now(), Instant.parse(time)).toMillis());
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
