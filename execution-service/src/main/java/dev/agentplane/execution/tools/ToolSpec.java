package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool as the model is offered it: name, description and a JSON Schema of its arguments (an object schema). */
public record ToolSpec(String name, String description, JsonNode parameters) {
}
