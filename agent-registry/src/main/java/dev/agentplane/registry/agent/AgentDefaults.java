package dev.agentplane.registry.agent;

import dev.agentplane.registry.catalog.RegistryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** Fills in every default of a validated input, so that each version stores exactly what runs. */
@ApplicationScoped
public class AgentDefaults {
    @Inject
    RegistryConfig config;

    public AgentSpec apply(AgentInput in) {
        return new AgentSpec(in.name().trim(), in.description(), or(in.role(), "general-assistant"),
                or(in.maturityLevel(), "student"), or(in.status(), "active"), distinct(in.capabilities()),
                distinct(in.tags()), in.systemPrompt(), llm(in.llmConfig()), AgentConfig.withDefaults(in.config()),
                distinct(in.tools()), in.knowledgeBases() == null ? List.of() : in.knowledgeBases(),
                structured(in.structuredOutput()), workflow(in.systemConfig(), in.name(), in.llmConfig()));
    }

    LlmConfig llm(LlmConfig c) {
        if (c == null) {
            return new LlmConfig(config.defaultProvider(), config.defaultModel(), config.defaultTemperature(), null);
        }
        String provider = or(c.provider(), config.defaultProvider());
        String model = c.model() != null ? c.model() : config.defaultModel();
        return new LlmConfig(provider, model, c.temperature() == null ? config.defaultTemperature() : c.temperature(),
                c.maxTokens());
    }

    static StructuredOutput structured(StructuredOutput s) {
        if (s == null || (s.enabled() == null && (s.schema() == null || s.schema().isNull()))) {
            return new StructuredOutput(false, null);
        }
        boolean enabled = s.enabled() == null || s.enabled();
        return new StructuredOutput(enabled, s.schema() == null || s.schema().isNull() ? null : s.schema());
    }

    /** A node's model settings are its own over the agent's (a workflow saved with one llm_config runs on it). */
    private LlmConfig nodeLlm(LlmConfig node, LlmConfig agent) {
        if (node == null || agent == null) {
            return llm(node != null ? node : agent);
        }
        return llm(new LlmConfig(or(node.provider(), agent.provider()), or(node.model(), agent.model()),
                or(node.temperature(), agent.temperature()), or(node.maxTokens(), agent.maxTokens())));
    }

    private SystemConfig workflow(SystemConfig w, String agentName, LlmConfig agentLlm) {
        if (w == null) {
            return null;
        }
        List<NodeConfig> nodes = w.agents().stream().map(n -> new NodeConfig(n.name(), n.description(),
                or(n.agentType(), "llm_agent"), n.event(), n.systemPrompt(), nodeLlm(n.llmConfig(), agentLlm), AgentConfig.withDefaults(n.config()),
                distinct(n.tools()), n.knowledgeBases() == null ? List.of() : n.knowledgeBases(),
                structured(n.structuredOutput()))).toList();
        List<Edge> edges = w.edges() == null ? List.of() : w.edges().stream()
                .map(e -> e.conditional() && e.conditionType() == null
                        ? new Edge(e.from(), e.to(), e.condition(), "boolean", e.routing()) : e).toList();
        String entry = w.entryPoint() != null ? w.entryPoint() : edges.stream()
                .filter(e -> Edge.START.equals(e.from())).map(Edge::to).filter(Objects::nonNull).findFirst().orElse(null);
        return new SystemConfig(or(w.name(), agentName), or(w.architecture(), "workflow"), nodes, edges, entry);
    }

    private static List<String> distinct(List<String> values) {
        return values == null ? List.of() : List.copyOf(new LinkedHashSet<>(values.stream().map(String::trim).toList()));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
