package dev.agentplane.execution.ending;

import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.intake.RunPhases;

/**
 * How a run ended: the execution as stored, the credits left after the charge (null when unknown) and how
 * long its phases took (null when it did not run here).
 */
public record Outcome(ExecutionView execution, Long creditsRemaining, RunPhases phases) {
    public Outcome(ExecutionView execution, Long creditsRemaining) {
        this(execution, creditsRemaining, null);
    }

    public Outcome withPhases(RunPhases runPhases) {
        return new Outcome(execution, creditsRemaining, runPhases);
    }

    public boolean failed() {
        return "failed".equals(execution.status());
    }
}
