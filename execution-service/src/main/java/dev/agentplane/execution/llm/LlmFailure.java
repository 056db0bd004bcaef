package dev.agentplane.execution.llm;

/** A model call that failed for good (after retries where the failure was transient). */
public class LlmFailure extends RuntimeException {
    private final int providerStatus;
    private final boolean retriable;

    public LlmFailure(String message, int providerStatus, boolean retriable) {
        super(message, null, false, false);
        this.providerStatus = providerStatus;
        this.retriable = retriable;
    }

    /** The provider's HTTP status, or 0 when it never answered. */
    public int providerStatus() {
        return providerStatus;
    }

    public boolean retriable() {
        return retriable;
    }
}
