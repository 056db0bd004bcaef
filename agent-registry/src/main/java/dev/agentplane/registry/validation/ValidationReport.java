package dev.agentplane.registry.validation;

import java.util.List;

/** The answer of the validate endpoints: every problem found, at once. */
public record ValidationReport(boolean valid, List<ValidationIssue> errors) {

    public static ValidationReport of(List<ValidationIssue> errors) {
        return new ValidationReport(errors.isEmpty(), errors);
    }
}
