package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * One node of a workflow, with a name unique in its workflow: an agent ({@code agent_type} llm_agent, the default),
 * a {@code human_gate} (the run waits for a person to fill in the form of its {@code structured_output}, shown with its
 * {@code description}) or an {@code external_event} (the run waits until the event {@code event} is posted to it).
 */
public record NodeConfig(
        @NotBlank @Size(max = 100)
        @Pattern(regexp = "^[A-Za-z0-9_-]*$", message = "may contain only letters, digits, '-' and '_'") String name,
        @Size(max = 1000) String description,
        @Pattern(regexp = NodeConfig.TYPES, message = "must be one of " + NodeConfig.TYPES) String agentType,
        @Size(max = 200)
        @Pattern(regexp = "^[A-Za-z0-9_.:-]+$", message = "may contain only letters, digits, '.', ':', '-' and '_'") String event,
        @Size(max = 100_000) String systemPrompt,
        @Valid LlmConfig llmConfig,
        @Valid AgentConfig config,
        @Size(max = 64) List<@NotBlank String> tools,
        @Size(max = 32) List<JsonNode> knowledgeBases,
        @Valid StructuredOutput structuredOutput) {
    public static final String TYPES = "llm_agent|human_gate|external_event";
    public static final String HUMAN_GATE = "human_gate";
    public static final String EXTERNAL_EVENT = "external_event";
}
