package dev.agentplane.registry.agent;

/** Where a boolean condition edge leads: a node name or {@code __end__}. */
public record Routing(String yes, String no) {
}
