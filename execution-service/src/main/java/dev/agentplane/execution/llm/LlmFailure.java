package dev.agentplane.execution.llm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A model call that failed for good (after retries where the failure was transient). */
public class LlmFailure extends RuntimeException {
    /** The run's error code when the provider's rate limit did not free up within the call's wait budget. */
    public static final String RATE_LIMITED = "PROVIDER_RATE_LIMITED";
    private static final Pattern RETRY_AFTER = Pattern.compile("retry after (\\d+) s");

    private final int providerStatus;
    private final boolean retriable;
    private final String code;

    public LlmFailure(String message, int providerStatus, boolean retriable) {
        this(message, providerStatus, retriable, null);
    }

    LlmFailure(String message, int providerStatus, boolean retriable, String code) {
        super(message, null, false, false);
        this.providerStatus = providerStatus;
        this.retriable = retriable;
        this.code = code;
    }

    /** The wait budget ran out; the message says when to retry (read back by {@link #retryAfterSeconds}). */
    static LlmFailure rateLimited(String model, long budgetMillis, long retryAfterMillis) {
        return new LlmFailure("The provider's rate limit for " + model + " did not free up within the wait budget of "
                + Math.max(1, budgetMillis / 1000) + " s; retry after " + Math.max(1, (retryAfterMillis + 999) / 1000)
                + " s.", 429, true, RATE_LIMITED);
    }

    /** The seconds a {@link #RATE_LIMITED} failure's message says to wait, or 1. */
    public static long retryAfterSeconds(String message) {
        Matcher m = message == null ? null : RETRY_AFTER.matcher(message);
        long last = 1;
        while (m != null && m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    /** The provider's HTTP status, or 0 when it never answered. */
    public int providerStatus() {
        return providerStatus;
    }

    public boolean retriable() {
        return retriable;
    }

    /** The run's error code for this failure; null for the default, EXECUTION_FAILED. */
    public String code() {
        return code;
    }

    /** The same failure with more said after its message. */
    LlmFailure with(String more) {
        return new LlmFailure(getMessage() + more, providerStatus, retriable, code);
    }
}
