package dev.agentplane.execution.preview;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.agent.AgentClient;
import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.billing.Credits;
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
        ModelSpec spec = planner.spec(agent);
        int input = PromptBuilder.estimateTokens(PromptBuilder.build(agent, variables, null,
                new UserInput(message, java.util.List.of())));
        Credits.Estimate estimate = credits.estimate(caller, spec.model(), input, spec.maxTokens());
        return new Preview(agentId, agent.version(), spec.model(), input, spec.maxTokens(), estimate.amount(),
                estimate.detail());
    }

    /** What to price: the variables and, optionally, the message. */
    public record PreviewRequest(Map<String, Object> inputs, Map<String, Object> variables,
                                 @Size(max = 65_536) String message) {
    }

    /** The hold an execution would take and billing's calculation behind it. */
    public record Preview(String agentId, Integer agentVersion, String model, int estimatedInputTokens,
                          int maxOutputTokens, long amount, JsonNode pricing) {
    }
}
