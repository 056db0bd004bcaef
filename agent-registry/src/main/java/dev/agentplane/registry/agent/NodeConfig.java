package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** One node of a workflow: an agent configuration with a name unique in its workflow. */
public record NodeConfig(
        @NotBlank @Size(max = 100)
        @Pattern(regexp = "^[A-Za-z0-9_-]*$", message = "may contain only letters, digits, '-' and '_'") String name,
        @Size(max = 1000) String description,
        @Size(max = 64) String agentType,
        @Size(max = 100_000) String systemPrompt,
        @Valid LlmConfig llmConfig,
        @Valid AgentConfig config,
        @Size(max = 64) List<@NotBlank String> tools,
        @Size(max = 32) List<JsonNode> knowledgeBases,
        @Valid StructuredOutput structuredOutput) {
}
