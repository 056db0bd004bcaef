package dev.agentplane.kit.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one admission: whether the request was admitted and the state of both windows
 * after it; turned into the X-RateLimit-* fields and the IETF draft's RateLimit-Policy / RateLimit.
 */
public record RateLimitResult(boolean allowed, long minuteLimit, long minuteCount, long dayLimit, long dayCount,
                              long nowSeconds) {

    public boolean unlimited() {
        return minuteLimit < 0 && dayLimit < 0;
    }

    private long minuteReset() {
        return (nowSeconds / 60 + 1) * 60;
    }

    private long dayReset() {
        return (nowSeconds / 86_400 + 1) * 86_400;
    }

    private long remaining(long limit, long count) {
        return Math.max(0, limit - count);
    }

    /** Whether the day window is the one to report: the exhausted one, else the one with less left. */
    private boolean reportDay() {
        if (dayLimit < 0) {
            return false;
        }
        if (minuteLimit < 0) {
            return true;
        }
        boolean dayExhausted = dayCount >= dayLimit;
        if (!allowed) {
            return dayExhausted;
        }
        return remaining(dayLimit, dayCount) < remaining(minuteLimit, minuteCount);
    }

    /** Seconds until the binding window resets (the Retry-After of a refusal). */
    public long secondsToReset() {
        return (reportDay() ? dayReset() : minuteReset()) - nowSeconds;
    }

    /** The response header fields; empty when the workspace is unlimited. */
    public Map<String, String> headers() {
        if (unlimited()) {
            return Map.of();
        }
        boolean day = reportDay();
        long limit = day ? dayLimit : minuteLimit;
        long left = day ? remaining(dayLimit, dayCount) : remaining(minuteLimit, minuteCount);
        long reset = day ? dayReset() : minuteReset();
        List<String> policies = new ArrayList<>();
        if (minuteLimit >= 0) {
            policies.add("\"minute\";q=" + minuteLimit + ";w=60");
        }
        if (dayLimit >= 0) {
            policies.add("\"day\";q=" + dayLimit + ";w=86400");
        }
        return Map.of("X-RateLimit-Limit", Long.toString(limit),
                "X-RateLimit-Remaining", Long.toString(left),
                "X-RateLimit-Reset", Long.toString(reset),
                "RateLimit-Policy", String.join(", ", policies),
                "RateLimit", "\"" + (day ? "day" : "minute") + "\";r=" + left + ";t=" + (reset - nowSeconds));
    }
}
