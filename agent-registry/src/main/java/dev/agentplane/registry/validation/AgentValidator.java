package dev.agentplane.registry.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.registry.agent.AgentConfig;
import dev.agentplane.registry.agent.AgentInput;
import dev.agentplane.registry.agent.LlmConfig;
import dev.agentplane.registry.agent.NodeConfig;
import dev.agentplane.registry.catalog.GraduationPolicy;
import dev.agentplane.registry.catalog.ModelCatalog;
import dev.agentplane.registry.catalog.RegistryConfig;
import dev.agentplane.registry.catalog.ToolCatalog;
import dev.agentplane.registry.execution.ProviderCredentialCheck;
import dev.agentplane.registry.knowledge.KnowledgeBaseCheck;
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
    @Inject
    GraduationPolicy policy;
    @Inject
    ProviderCredentialCheck credentials;
    @Inject
    KnowledgeBaseCheck knowledgeBases;

    /** What a workspace's provider credential may be named (execution-service's rule). */
    private static final java.util.regex.Pattern CREDENTIAL_NAME = java.util.regex.Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");

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
        checkKnowledgeBasesExist(in, issues);
        return List.copyOf(new LinkedHashSet<>(issues));
    }

    /**
     * What is valid but will not run unattended: a listed tool whose risk is above what the agent's maturity level
     * may call (the graduation policy), so its calls wait for approval or are refused (config.governance).
     */
    public List<ValidationIssue> warnings(AgentInput in) {
        List<ValidationIssue> warnings = new ArrayList<>();
        String level = in.maturityLevel() == null ? "student" : in.maturityLevel();
        String allowed = policy.maxRisk(level);
        aboveLevel(Pointer.ROOT, in.tools(), level, allowed, warnings);
        if (in.systemConfig() != null && in.systemConfig().agents() != null) {
            for (int i = 0; i < in.systemConfig().agents().size(); i++) {
                NodeConfig node = in.systemConfig().agents().get(i);
                if (node != null) {
                    aboveLevel(Pointer.ROOT.at("system_config").at("agents").at(i), node.tools(), level, allowed, warnings);
                }
            }
        }
        return warnings;
    }

    private void aboveLevel(Pointer at, List<String> toolIds, String level, String allowed, List<ValidationIssue> warnings) {
        if (toolIds == null) {
            return;
        }
        for (int i = 0; i < toolIds.size(); i++) {
            int index = i;
            tools.find(toolIds.get(i)).filter(t -> RISKS.indexOf(t.riskLevel()) > RISKS.indexOf(allowed))
                    .ifPresent(t -> warnings.add(new ValidationIssue(at.at("tools").at(index).toString(),
                            "TOOL_ABOVE_MATURITY", "'" + t.id() + "' is " + t.riskLevel() + " risk, above what a "
                            + level + " agent may call unattended (" + allowed + "): its calls wait for approval, or "
                            + "are refused with config.governance: deny")));
        }
    }

    private static final List<String> RISKS = List.of("low", "medium", "high", "critical");

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
            HttpTools.check(cfg.workerConfig(), at.at("config").at("worker_config"), tools, issues);
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

    /** One lookup for every id the agent and its nodes name; another workspace's base counts as missing. */
    private void checkKnowledgeBasesExist(AgentInput in, List<ValidationIssue> issues) {
        Map<String, List<Pointer>> refs = new java.util.LinkedHashMap<>();
        collectIds(Pointer.ROOT, in.knowledgeBases(), refs);
        if (in.systemConfig() != null && in.systemConfig().agents() != null) {
            for (int i = 0; i < in.systemConfig().agents().size(); i++) {
                NodeConfig node = in.systemConfig().agents().get(i);
                if (node != null) {
                    collectIds(Pointer.ROOT.at("system_config").at("agents").at(i), node.knowledgeBases(), refs);
                }
            }
        }
        Set<String> missing = knowledgeBases.missing(List.copyOf(refs.keySet()));
        refs.forEach((id, pointers) -> {
            if (missing.contains(id)) {
                pointers.forEach(p -> issues.add(new ValidationIssue(p.toString(), "UNKNOWN_KNOWLEDGE_BASE",
                        "no knowledge base '" + id + "' exists in this workspace (GET /v1/knowledge-bases)")));
            }
        });
    }

    /** A reference is an id, or an object with an id (one with only a name is not looked up). */
    private static void collectIds(Pointer at, List<JsonNode> knowledgeBases, Map<String, List<Pointer>> refs) {
        if (knowledgeBases == null) {
            return;
        }
        for (int i = 0; i < knowledgeBases.size(); i++) {
            JsonNode kb = knowledgeBases.get(i);
            String id = kb == null ? null : kb.isTextual() ? kb.asText() : kb.path("id").asText(null);
            if (id != null && !id.isBlank() && id.length() <= 100) {
                Pointer p = kb.isTextual() ? at.at("knowledge_bases").at(i) : at.at("knowledge_bases").at(i).at("id");
                refs.computeIfAbsent(id, k -> new ArrayList<>()).add(p);
            }
        }
    }

    private void checkModel(Pointer at, LlmConfig llm, List<ValidationIssue> issues) {
        String provider = llm == null || llm.provider() == null ? config.defaultProvider() : llm.provider();
        checkModel(at, provider, llm == null ? null : llm.model(), issues);
        if (llm != null && llm.fallbacks() != null) {
            for (int i = 0; i < llm.fallbacks().size(); i++) {
                LlmConfig.Fallback f = llm.fallbacks().get(i);
                if (f != null && f.provider() != null && f.model() != null) {
                    checkModel(at.at("fallbacks").at(i), f.provider(), f.model(), issues);
                }
            }
        }
    }

    /** A catalog provider and one of its models, or a provider credential of the workspace and any model. */
    private void checkModel(Pointer at, String provider, String model, List<ValidationIssue> issues) {
        if (!models.knowsProvider(provider)) {
            if (!CREDENTIAL_NAME.matcher(provider).matches() || !credentials.mayExist(provider)) {
                issues.add(new ValidationIssue(at.at("provider").toString(), "UNKNOWN_PROVIDER",
                        "must be one of " + new java.util.TreeSet<>(models.providers())
                                + " or the name of a provider credential of this workspace (POST /v1/providers)"));
            } else if (model == null) {
                issues.add(new ValidationIssue(at.at("model").toString(), "REQUIRED",
                        "name a model of provider credential '" + provider + "'"));
            }
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
