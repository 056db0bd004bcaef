package dev.agentplane.registry.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A normalized agent definition (every default filled in): what one version of an agent is. */
public record AgentSpec(String name, String description, String role, String maturityLevel, String status,
                        List<String> capabilities, List<String> tags, String systemPrompt, LlmConfig llmConfig,
                        AgentConfig config, List<String> tools, List<JsonNode> knowledgeBases,
                        StructuredOutput structuredOutput, SystemConfig systemConfig) {

    public AgentSpec withMaturity(String level) {
        return new AgentSpec(name, description, role, level, status, capabilities, tags, systemPrompt, llmConfig,
                config, tools, knowledgeBases, structuredOutput, systemConfig);
    }
}
