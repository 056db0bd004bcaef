package dev.agentplane.execution.run;

import dev.agentplane.execution.execution.ExecutionView;

/** How a run ended: the execution as stored, and the credits left after the charge (null when unknown). */
public record Outcome(ExecutionView execution, Long creditsRemaining) {
    public boolean failed() {
        return "failed".equals(execution.status());
    }
}
