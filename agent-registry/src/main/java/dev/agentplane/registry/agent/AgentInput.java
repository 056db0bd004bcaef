package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** An agent definition as a client sends it (JSON or YAML, after normalization); null means "default". */
public record AgentInput(
        @Size(max = 255)
        @Pattern(regexp = "^[A-Za-z0-9_-]+$", message = "may contain only letters, digits, '-' and '_'") String id,
        @Size(max = 255) String name,
        @Size(max = 1000) String description,
        @Pattern(regexp = ROLES, message = "must be one of " + ROLES) String role,
        @Pattern(regexp = LEVELS, message = "must be one of " + LEVELS) String maturityLevel,
        @Pattern(regexp = STATUSES, message = "must be one of " + STATUSES) String status,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> capabilities,
        @Size(max = 50) List<@NotBlank @Size(max = 64) String> tags,
        @Size(max = 100_000) String systemPrompt,
        @Valid LlmConfig llmConfig,
        @Valid AgentConfig config,
        @Size(max = 64) List<@NotBlank String> tools,
        @Size(max = 32) List<JsonNode> knowledgeBases,
        @Valid StructuredOutput structuredOutput,
        @Valid SystemConfig systemConfig) {

    public static final String ROLES = "general-assistant|finance-agent|marketing-agent|developer-agent|custom";
    public static final String LEVELS = "student|intern|supervised|autonomous";
    public static final String STATUSES = "active|inactive";
}
