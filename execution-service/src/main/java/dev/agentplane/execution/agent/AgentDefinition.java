package dev.agentplane.execution.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * This service's copy of an agent version as the registry's internal API returns it; {@code maxRisk}: the highest
 * tool risk its maturity level may call unattended (null: no limit, e.g. an inline session config).
 */
public record AgentDefinition(String id, String name, Integer version, String systemPrompt, LlmSettings llmConfig,
                              Settings config, JsonNode tools, StructuredOutput structuredOutput,
                              JsonNode systemConfig, String status, JsonNode knowledgeBases, String maturityLevel,
                              String maxRisk) {

    /** Which model answers, and how; {@code fallbacks} are tried in order when it fails. */
    public record LlmSettings(String provider, String model, Double temperature, Integer maxTokens,
                              java.util.List<Fallback> fallbacks) {
        public LlmSettings(String provider, String model, Double temperature, Integer maxTokens) {
            this(provider, model, temperature, maxTokens, null);
        }
    }

    /** One entry of {@code llm_config.fallbacks}: an operator provider or a workspace credential, and a model. */
    public record Fallback(String provider, String model) {
    }

    /** History, memory and reasoning switches. */
    public record Settings(Boolean enableMemory, Boolean enableHistory, Integer numHistoryRuns,
                           Boolean enableReasoning, Integer reasoningMinSteps, Integer reasoningMaxSteps,
                           Integer maxSteps, Boolean acceptsClientTools, String governance,
                           Integer pendingActionTtl, JsonNode workerConfig) {
    }

    /** When enabled, answers are JSON for the schema and come back parsed. */
    public record StructuredOutput(boolean enabled, JsonNode schema) {
    }

    public boolean historyEnabled() {
        return config == null || config.enableHistory() == null || config.enableHistory();
    }

    public int historyRuns() {
        return config == null || config.numHistoryRuns() == null ? 10 : Math.max(0, config.numHistoryRuns());
    }

    public boolean memoryEnabled() {
        return config != null && Boolean.TRUE.equals(config.enableMemory());
    }

    /** Whether a tool call above the maturity level is refused to the model instead of waiting for approval. */
    public boolean governanceDenies() {
        return config != null && "deny".equals(config.governance());
    }

    public boolean structured() {
        return structuredOutput != null && structuredOutput.enabled() && structuredOutput.schema() != null;
    }

    /** Whether the agent, or a node of its workflow, takes tools the client runs (seed 003's accepts_client_tools). */
    public boolean acceptsClientTools() {
        if (config != null && Boolean.TRUE.equals(config.acceptsClientTools())) {
            return true;
        }
        if (systemConfig != null) {
            for (JsonNode node : systemConfig.path("agents")) {
                if (node.path("config").path("accepts_client_tools").asBoolean(false)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The MCP servers the agent declares ({@code config.worker_config.mcp_servers}); null when none. */
    public JsonNode mcpServers() {
        JsonNode servers = config == null || config.workerConfig() == null ? null : config.workerConfig().get("mcp_servers");
        return servers != null && servers.isArray() && !servers.isEmpty() ? servers : null;
    }

    /** The HTTP tools the agent declares ({@code config.worker_config.http_tools}); null when none. */
    public JsonNode httpTools() {
        JsonNode tools = config == null || config.workerConfig() == null ? null : config.workerConfig().get("http_tools");
        return tools != null && tools.isArray() && !tools.isEmpty() ? tools : null;
    }

    /** Whether the agent declares tools that no node lists (MCP servers, HTTP tools): its runs may make tool rounds. */
    public boolean declaresTools() {
        return mcpServers() != null || httpTools() != null;
    }

    /** The same definition, identified as the given agent and version (inline session configs carry neither). */
    public AgentDefinition as(String agentId, Integer agentVersion) {
        return new AgentDefinition(agentId, name, agentVersion, systemPrompt, llmConfig, config, tools,
                structuredOutput, systemConfig, status, knowledgeBases, maturityLevel, maxRisk);
    }
}
