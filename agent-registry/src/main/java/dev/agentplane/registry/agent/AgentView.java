package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** The agent as every read returns it (public and internal): one version of its definition. */
public record AgentView(String id, String name, String description, String role, String maturityLevel,
                        String status, List<String> capabilities, List<String> tags, String systemPrompt,
                        LlmConfig llmConfig, AgentConfig config, List<String> tools, List<JsonNode> knowledgeBases,
                        StructuredOutput structuredOutput, SystemConfig systemConfig, int version,
                        Instant createdAt, Instant updatedAt) {

    public static AgentView of(String id, AgentSpec s, int version, Instant createdAt, Instant updatedAt) {
        return new AgentView(id, s.name(), s.description(), s.role(), s.maturityLevel(), s.status(),
                s.capabilities(), s.tags(), s.systemPrompt(), s.llmConfig(), s.config(), s.tools(),
                s.knowledgeBases(), s.structuredOutput(), s.systemConfig(), version, createdAt, updatedAt);
    }
}
