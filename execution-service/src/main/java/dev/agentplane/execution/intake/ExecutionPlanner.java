package dev.agentplane.execution.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.agent.AgentClient;
import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.guard.SessionLocks;
import dev.agentplane.execution.llm.LlmConfig;
import dev.agentplane.execution.llm.ModelRegistry;
import dev.agentplane.execution.llm.ModelSpec;
import dev.agentplane.execution.memory.MemoryApi;
import dev.agentplane.execution.memory.UserMemory;
import dev.agentplane.execution.session.SessionClient;
import dev.agentplane.execution.session.SessionContext;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import dev.langchain4j.data.message.ChatMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves what an execution runs: the agent version (pinned by the session, or current), the session
 * context, the attachments, the rendered prompt, its estimated size (the credit hold is priced on it)
 * and the model. No side effects besides opening a conversation for an external user and storing the
 * external images it was given.
 */
@ApplicationScoped
public class ExecutionPlanner {
    @Inject
    UserMemory userMemory;
    @Inject
    AgentClient agents;
    @Inject
    SessionClient sessions;
    @Inject
    ModelRegistry models;
    @Inject
    LlmConfig llmConfig;
    @Inject
    AttachedInput attachedInput;
    @Inject
    ObjectMapper mapper;
    @Inject
    SessionLocks locks;

    @ConfigProperty(name = "agentplane.sessions.max-history-runs", defaultValue = "20")
    int maxHistoryRuns;
    @ConfigProperty(name = "agentplane.llm.default-model", defaultValue = "sim-1")
    String defaultModel;
    @ConfigProperty(name = "agentplane.llm.default-max-tokens", defaultValue = "1024")
    int defaultMaxTokens;

    /**
     * A plan for an agent execute (stateless, or in a conversation) or, with agentId null, a session
     * execute. A run in a session takes the session first (409 SESSION_BUSY, or waits its turn with
     * enqueue) and reads its context only then, so that it sees every run before it; on any refusal
     * after that, the session is free again.
     */
    public ExecutionPlan plan(Caller caller, String agentId, String sessionId, ExecuteRequest request, UserInput input,
                              String executionId, String mode) {
        RunPhases phases = new RunPhases();
        AgentDefinition agent = null;
        if (agentId != null) {
            if (!caller.mayUseAgent(agentId)) {
                throw ApiException.notFound("AGENT_NOT_FOUND", "No agent '" + agentId + "' exists in this workspace.");
            }
            agent = agents.get(caller, agentId, null);
            if (sessionId == null && request.conversationScope() != null) {
                sessionId = request.conversationScope();
            } else if (sessionId == null && request.externalUserId() != null) {
                sessionId = sessions.openConversation(caller, agentId, request.externalUserId());
            }
        }
        if (sessionId == null) {
            return planFor(caller, agent, null, null, request, input, executionId, mode, phases);
        }
        String lockedSession = sessionId;
        long revision = phases.time(RunPhases.Phase.LOCK, () -> locks.acquire(caller.workspaceId(), lockedSession,
                executionId, request.enqueue()));
        try {
            return planFor(caller, agent, sessionId, revision, request, input, executionId, mode, phases);
        } catch (RuntimeException e) {
            locks.release(caller.workspaceId(), sessionId, executionId);
            throw e;
        }
    }

    /** The external user's facts most relevant to this message, for an agent with memory. */
    private List<String> recall(Caller caller, AgentDefinition agent, String externalUser, UserInput input) {
        if (externalUser == null || !agent.memoryEnabled()) {
            return List.of();
        }
        return userMemory.recall(caller, externalUser, agent.id(), input.text(), UserMemory.RECALL_TOP_K).stream()
                .map(MemoryApi.Memory::fact).toList();
    }

    private ExecutionPlan planFor(Caller caller, AgentDefinition registryAgent, String sessionId, Long revision,
                                  ExecuteRequest request, UserInput input, String executionId, String mode,
                                  RunPhases phases) {
        AgentDefinition agent = registryAgent;
        SessionContext context = null;
        if (agent != null) {
            if (sessionId != null) {
                AgentDefinition known = agent;
                context = phases.time(RunPhases.Phase.CONTEXT, () -> sessions.context(caller, sessionId,
                        known.historyRuns(), request.externalUserId(), revision));
                if (context.agentId() != null && !context.agentId().equals(agent.id())) {
                    throw ApiException.invalid("conversation_scope", "belongs to another agent");
                }
            }
        } else {
            context = phases.time(RunPhases.Phase.CONTEXT,
                    () -> sessions.context(caller, sessionId, maxHistoryRuns, request.externalUserId(), revision));
            if (context.agentId() != null && !caller.mayUseAgent(context.agentId())) {
                throw ApiException.notFound("SESSION_NOT_FOUND", "No session '" + sessionId + "' exists in this workspace.");
            }
            // an inline-config session has no registry agent: its executions are filed under "inline:<session>"
            agent = context.agentConfig() != null
                    ? context.agentConfig().as(context.agentId() != null ? context.agentId() : "inline:" + sessionId,
                    context.agentVersion())
                    : agents.get(caller, context.agentId(), context.agentVersion());
        }
        checkClientTools(agent, request);
        if (sessionId != null) {
            sessions.saveInputs(caller, sessionId, context, request.inputs());
        }
        input = attachedInput.resolve(caller, request, input);
        Map<String, Object> variables = new HashMap<>(context == null ? Map.of() : context.variablesOrEmpty());
        variables.putAll(RequestChecks.variables(request));
        String externalUser = request.externalUserId() != null ? request.externalUserId()
                : context == null ? null : context.externalUserId();
        List<String> memories = recall(caller, agent, externalUser, input);
        List<ChatMessage> prompt = PromptBuilder.build(agent, variables, context, memories, input);
        ModelSpec spec = spec(caller, agent, mode);
        return new ExecutionPlan(executionId, caller, agent, sessionId, externalUser, input, prompt, spec,
                PromptBuilder.estimateTokens(prompt), mode, request.correlationId(), null, null, null, phases,
                Map.copyOf(variables), request.maxCost(),
                request.clientTools() == null ? List.of() : List.copyOf(request.clientTools()), request.pendingActionTtl(),
                request.onExpiry());
    }

    /**
     * The model an agent runs on for the caller's workspace, with its fallbacks; 422 when its provider is neither
     * configured here (for the workspace's tier) nor a credential of the workspace.
     */
    public ModelSpec spec(Caller caller, AgentDefinition agent) {
        return spec(caller, agent, "sync");
    }

    /** As {@link #spec(Caller, AgentDefinition)}; async and batch runs' calls may wait longer for rate limits. */
    public ModelSpec spec(Caller caller, AgentDefinition agent, String mode) {
        AgentDefinition.LlmSettings llm = agent.llmConfig();
        String provider = llm == null ? null : llm.provider();
        models.endpoint(caller.workspaceId(), caller.tier(), provider);
        String model = llm == null || llm.model() == null ? defaultModel : llm.model();
        Integer maxTokens = llm == null || llm.maxTokens() == null ? defaultMaxTokens : llm.maxTokens();
        List<ModelSpec.Fallback> fallbacks = llm == null || llm.fallbacks() == null ? List.of()
                : llm.fallbacks().stream().map(f -> new ModelSpec.Fallback(f.provider(), f.model())).toList();
        boolean background = "async".equals(mode) || "batch".equals(mode);
        return new ModelSpec(provider, model, llm == null ? null : llm.temperature(), maxTokens, caller.workspaceId(),
                caller.tier(), fallbacks, background ? llmConfig.queue().asyncWait() : llmConfig.queue().syncWait());
    }

    private static void checkClientTools(AgentDefinition agent, ExecuteRequest request) {
        if (request.clientTools() == null) {
            return;
        }
        if (!request.clientTools().isEmpty() && !agent.acceptsClientTools()) {
            throw ApiException.invalid("client_tools", "the agent takes no client tools (config.accepts_client_tools)");
        }
        for (int i = 0; i < request.clientTools().size(); i++) {
            String name = request.clientTools().get(i).name();
            for (JsonNode tool : agent.tools() == null ? List.<JsonNode>of() : agent.tools()) {
                String server = tool.isTextual() ? tool.asText() : tool.path("name").asText();
                if (server.equals(name)) {
                    throw ApiException.invalid("client_tools[" + i + "].name",
                            "clashes with the agent's server tool '" + name + "'");
                }
            }
        }
    }
}
