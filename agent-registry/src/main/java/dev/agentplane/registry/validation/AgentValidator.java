package dev.agentplane.registry.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.registry.agent.AgentConfig;
import dev.agentplane.registry.agent.AgentInput;
import dev.agentplane.registry.agent.LlmConfig;
import dev.agentplane.registry.agent.NodeConfig;
import dev.agentplane.registry.catalog.ModelCatalog;
import dev.agentplane.registry.catalog.RegistryConfig;
import dev.agentplane.registry.catalog.ToolCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every rule an agent definition must pass, reported all at once with JSON pointers. */
@ApplicationScoped
public class AgentValidator {
    @Inject
    Validator beanValidator;
    @Inject
    ToolCatalog tools;
    @Inject
    ModelCatalog models;
    @Inject
    RegistryConfig config;
    @Inject
    WorkflowValidator workflows;

    public List<ValidationIssue> validate(AgentInput in) {
        List<ValidationIssue> issues = new ArrayList<>();
        for (ConstraintViolation<AgentInput> v : beanValidator.validate(in)) {
            issues.add(new ValidationIssue(pointerOf(v.getPropertyPath()), "INVALID_VALUE", v.getMessage()));
        }
        if (in.name() == null || in.name().isBlank()) {
            issues.add(new ValidationIssue("/name", "REQUIRED", "an agent needs a name"));
        }
        Map<String, NodeConfig> nodes = workflows.nodesByName(in.systemConfig());
        checkAgentParts(Pointer.ROOT, in.llmConfig(), in.config(), in.tools(), in.knowledgeBases(), issues);
        StructuredFields.check(in.structuredOutput(), Pointer.ROOT.at("structured_output"), issues);
        Placeholders.check(in.systemPrompt(), Pointer.ROOT.at("system_prompt"), nodes, issues);
        if (in.systemConfig() != null) {
            workflows.check(in.systemConfig(), Pointer.ROOT.at("system_config"), issues);
            List<NodeConfig> list = in.systemConfig().agents() == null ? List.of() : in.systemConfig().agents();
            for (int i = 0; i < list.size(); i++) {
                NodeConfig node = list.get(i);
                if (node == null) {
                    continue;
                }
                Pointer at = Pointer.ROOT.at("system_config").at("agents").at(i);
                checkAgentParts(at, node.llmConfig(), node.config(), node.tools(), node.knowledgeBases(), issues);
                StructuredFields.check(node.structuredOutput(), at.at("structured_output"), issues);
                Placeholders.check(node.systemPrompt(), at.at("system_prompt"), nodes, issues);
            }
        }
        return List.copyOf(new LinkedHashSet<>(issues));
    }

    private void checkAgentParts(Pointer at, LlmConfig llm, AgentConfig cfg, List<String> toolIds,
                                 List<JsonNode> knowledgeBases, List<ValidationIssue> issues) {
        checkModel(at.at("llm_config"), llm, issues);
        if (cfg != null && cfg.reasoningMinSteps() != null && cfg.reasoningMaxSteps() != null
                && cfg.reasoningMinSteps() > cfg.reasoningMaxSteps()) {
            issues.add(new ValidationIssue(at.at("config").at("reasoning_min_steps").toString(), "INVALID_RANGE",
                    "must not be greater than reasoning_max_steps"));
        }
        if (cfg != null) {
            McpServers.check(cfg.workerConfig(), at.at("config").at("worker_config"), issues);
        }
        if (toolIds != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < toolIds.size(); i++) {
                String id = toolIds.get(i);
                if (id != null && !id.isBlank() && !tools.knows(id)) {
                    issues.add(new ValidationIssue(at.at("tools").at(i).toString(), "UNKNOWN_TOOL",
                            "'" + id + "' is not in the tool catalog (GET /v1/tools)"));
                } else if (id != null && !seen.add(id)) {
                    issues.add(new ValidationIssue(at.at("tools").at(i).toString(), "DUPLICATE_TOOL",
                            "'" + id + "' is listed twice"));
                }
            }
        }
        if (knowledgeBases != null) {
            for (int i = 0; i < knowledgeBases.size(); i++) {
                JsonNode kb = knowledgeBases.get(i);
                boolean ok = kb != null && (kb.isTextual() && !kb.asText().isBlank()
                        || kb.isObject() && (kb.path("id").isTextual() || kb.path("name").isTextual()));
                if (!ok) {
                    issues.add(new ValidationIssue(at.at("knowledge_bases").at(i).toString(), "INVALID_VALUE",
                            "must be a knowledge base id or an object with an id or name"));
                }
            }
        }
    }

    private void checkModel(Pointer at, LlmConfig llm, List<ValidationIssue> issues) {
        String provider = llm == null || llm.provider() == null ? config.defaultProvider() : llm.provider();
        String model = llm == null ? null : llm.model();
        if (!models.knowsProvider(provider)) {
            issues.add(new ValidationIssue(at.at("provider").toString(), "UNKNOWN_PROVIDER",
                    "must be one of " + new java.util.TreeSet<>(models.providers())));
            return;
        }
        if (model == null) {
            if (!provider.equals(config.defaultProvider())) {
                issues.add(new ValidationIssue(at.at("model").toString(), "REQUIRED",
                        "name a model of provider '" + provider + "'"));
            }
            return;
        }
        if (!models.knows(provider, model)) {
            issues.add(new ValidationIssue(at.at("model").toString(), "UNKNOWN_MODEL",
                    "'" + model + "' is not a known model of provider '" + provider + "'"));
        }
    }

    static String pointerOf(Path path) {
        Pointer at = Pointer.ROOT;
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                at = at.at(node.getIndex());
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                at = at.at(node.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return at.toString();
    }
}
