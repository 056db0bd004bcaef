package dev.agentplane.registry.agent;

/** The filters of GET /v1/agents; null means "any". */
public record AgentFilter(String role, String maturityLevel, String status, String tag, String q) {
}
