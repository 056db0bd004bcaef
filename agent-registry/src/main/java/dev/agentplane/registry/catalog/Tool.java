package dev.agentplane.registry.catalog;

import com.fasterxml.jackson.databind.JsonNode;

/** One built-in tool: its JSON-schema parameters, risk level and whether every call needs confirmation. */
public record Tool(String id, String name, String description, String riskLevel, boolean requiresConfirmation,
                   JsonNode parameters) {
}
