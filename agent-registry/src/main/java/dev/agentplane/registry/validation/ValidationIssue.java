package dev.agentplane.registry.validation;

/** One problem in an agent definition: where (a JSON pointer into the request), a stable code, and why. */
public record ValidationIssue(String pointer, String code, String message) {
}
