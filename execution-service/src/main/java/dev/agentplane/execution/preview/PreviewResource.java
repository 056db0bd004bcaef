package dev.agentplane.execution.preview;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.agent.AgentClient;
import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.billing.Credits;
import dev.agentplane.execution.engine.Graph;
import dev.agentplane.execution.engine.HeldCalls;
import dev.agentplane.execution.intake.ExecutionPlanner;
import dev.agentplane.execution.intake.PromptBuilder;
import dev.agentplane.execution.intake.UserInput;
import dev.agentplane.execution.llm.ModelSpec;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.HashMap;
import java.util.Map;

/** {@code POST /v1/agents/{id}/preview-credits}: the most an execution would hold, priced by billing. */
@Path("/v1/agents/{id}/preview-credits")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class PreviewResource {
    @Inject
    AgentClient agents;
    @Inject
    ExecutionPlanner planner;
    @Inject
    Credits credits;
    @Inject
    CurrentCaller current;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Preview preview(@PathParam("id") String agentId, @Valid PreviewRequest body) {
        Caller caller = current.get();
        if (!caller.mayUseAgent(agentId)) {
            throw ApiException.notFound("AGENT_NOT_FOUND", "No agent '" + agentId + "' exists in this workspace.");
        }
        AgentDefinition agent = agents.get(caller, agentId, null);
        Map<String, Object> variables = new HashMap<>();
        String message = "";
        if (body != null) {
            variables.putAll(body.inputs() == null ? Map.of() : body.inputs());
            variables.putAll(body.variables() == null ? Map.of() : body.variables());
            message = body.message() == null ? "" : body.message();
        }
        ModelSpec spec = planner.spec(caller, agent);
        int input = PromptBuilder.estimateTokens(PromptBuilder.build(agent, variables, null, java.util.List.of(),
                new UserInput(message, java.util.List.of())));
        Credits.Estimate estimate = credits.estimate(caller, spec.model(), input, spec.maxTokens());
        Graph graph = Graph.of(agent);
        return new Preview(agentId, agent.version(), spec.model(), input, spec.maxTokens(), estimate.amount(),
                estimate.detail(), new Range(estimate.amount(), amount(caller, agentId, spec, input, HeldCalls.calls(graph)),
                amount(caller, agentId, spec, input, graph.maxSteps()), HeldCalls.calls(graph), graph.maxSteps()));
    }

    private long amount(Caller caller, String agentId, ModelSpec spec, int input, int calls) {
        Credits.Charge most = HeldCalls.charge(agentId, spec.model(), input, spec.maxTokens(), calls);
        return credits.estimate(caller, spec.model(), most.inputTokens(), most.outputTokens()).amount();
    }

    /** What to price: the variables and, optionally, the message. */
    public record PreviewRequest(Map<String, Object> inputs, Map<String, Object> variables,
                                 @Size(max = 65_536) String message) {
    }

    /**
     * One model call's most cost ({@code amount}) and billing's calculation behind it, and the run's range: one call,
     * what a run is held for (the calls its graph is expected to make), and a run that uses its whole step limit.
     */
    public record Preview(String agentId, Integer agentVersion, String model, int estimatedInputTokens,
                          int maxOutputTokens, long amount, JsonNode pricing, Range range) {
    }

    /** What a run may cost, from one model call to the step limit; {@code held} is what its hold takes up front. */
    public record Range(long min, long held, long max, int heldCalls, int stepLimit) {
    }
}
