package dev.agentplane.registry.catalog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One built-in tool: the toolkit that runs it, its JSON-schema parameters, risk level, whether every call needs
 * confirmation and whether a call may safely run twice. execution-service runs exactly these (its copy,
 * toolkits/builtin.json, is kept equal to catalog/tools.json by its BuiltinCatalogTest).
 */
public record Tool(String id, String toolkit, String name, String description, String riskLevel,
                   boolean requiresConfirmation, boolean idempotent, JsonNode parameters) {
}
