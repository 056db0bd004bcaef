package dev.agentplane.registry.validation;

import java.util.List;

/**
 * The answer of the validate endpoints: every problem found, at once; {@code warnings} do not make the definition
 * invalid (a tool above the agent's maturity level: its calls will wait for approval or be refused).
 */
public record ValidationReport(boolean valid, List<ValidationIssue> errors, List<ValidationIssue> warnings) {

    public static ValidationReport of(List<ValidationIssue> errors, List<ValidationIssue> warnings) {
        return new ValidationReport(errors.isEmpty(), errors, warnings);
    }
}
