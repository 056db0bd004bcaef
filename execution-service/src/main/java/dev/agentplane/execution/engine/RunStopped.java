package dev.agentplane.execution.engine;

/**
 * A run the engine stopped at a step boundary (step limit, budget, credits): it fails with {@code code}, keeps
 * what it produced so far ({@code partial}) and is charged what its finished model calls cost.
 */
public class RunStopped extends RuntimeException {
    private final StopCode code;
    private final RunResult partial;

    public RunStopped(StopCode code, String message, RunResult partial) {
        super(message, null, false, false);
        this.code = code;
        this.partial = partial;
    }

    public StopCode code() {
        return code;
    }

    public RunResult partial() {
        return partial;
    }

    /** Why the engine stopped a run. */
    public enum StopCode {
        STEP_LIMIT_EXCEEDED, BUDGET_EXCEEDED, INSUFFICIENT_CREDITS
    }
}
