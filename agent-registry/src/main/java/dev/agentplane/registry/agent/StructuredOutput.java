package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A typed output the model must produce: {@code schema} maps field names to {@code {type, description}}
 * (or is a JSON Schema object with {@code properties}); workflow conditions read these fields.
 */
public record StructuredOutput(Boolean enabled, JsonNode schema) {
}
