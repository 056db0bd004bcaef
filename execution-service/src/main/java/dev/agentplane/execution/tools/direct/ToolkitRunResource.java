package dev.agentplane.execution.tools.direct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.agent.AgentClient;
import dev.agentplane.execution.agent.AgentDefinition;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolRegistry;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.builtin.BuiltinToolkit;
import dev.agentplane.execution.tools.ledger.ToolLedger;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Runs one toolkit method of an agent directly with JSON arguments, outside a chat (seed 004's toolkit run):
 * the agent must be the caller's and must list the tool; the call goes through the ledger like a model's
 * call, as run {@code run_id}. With an {@code Idempotency-Key} the run id is derived from the key, so a
 * repeated request answers the recorded result instead of running the method again.
 */
@Path("/v1/agents/{id}/toolkits/{toolkit}/{method}")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ToolkitRunResource {
    private static final int MAX_ARGUMENTS = 256 * 1024;
    private static final String CALL_ID = "direct";

    @Inject
    CurrentCaller caller;
    @Inject
    AgentClient agents;
    @Inject
    ToolRegistry registry;
    @Inject
    ObjectMapper mapper;

    /** The answer: how the run went and what the method returned (JSON when it answered JSON). */
    public record ToolkitRun(String runId, String toolkit, String method, String status, String message,
                             JsonNode result, String riskLevel, boolean requiresConfirmation) {
    }

    @POST
    public ToolkitRun run(@PathParam("id") String agentId, @PathParam("toolkit") String toolkit,
                          @PathParam("method") String methodName, @HeaderParam("Idempotency-Key") String idempotencyKey,
                          JsonNode arguments) {
        Caller who = caller.get();
        AgentDefinition agent = agents.get(who, agentId, null);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw ApiException.invalid("Idempotency-Key", "must be 1 to 255 characters");
        }
        String runId = idempotencyKey == null ? "tkr_" + UUID.randomUUID().toString().replace("-", "")
                : "tkr_" + hash(who.workspaceId() + "\n" + agentId + "\n" + toolkit + "\n" + methodName + "\n" + idempotencyKey);
        ToolContext context = new ToolContext(who, runId, agentId, null, 0, List.of(), agent.version(),
                agent.mcpServers(), agent.httpTools());
        ToolMethod method = registry.method(context, toolkit, methodName).orElseThrow(() -> ApiException.notFound(
                "TOOL_NOT_FOUND", "No method '" + methodName + "' exists in toolkit '" + toolkit + "'."));
        // an MCP server's tools and declared HTTP tools are the agent's by its declaring them; built-ins must be listed
        if (BuiltinToolkit.NAME.equals(method.toolkit()) && !lists(agent, method.name())) {
            throw new ApiException(403, "TOOL_NOT_ALLOWED", "The agent '" + agentId + "' does not list the tool '"
                    + method.name() + "'; add it to the agent's tools to run it.");
        }
        JsonNode args = arguments == null || arguments.isNull() ? mapper.createObjectNode() : arguments;
        if (!args.isObject()) {
            throw ApiException.invalid("arguments", "The body must be a JSON object of the method's arguments.");
        }
        String text = args.toString();
        if (text.length() > MAX_ARGUMENTS) {
            throw new ApiException(413, "PAYLOAD_TOO_LARGE", "The arguments are larger than " + MAX_ARGUMENTS + " bytes.");
        }
        ToolResult result;
        try {
            result = registry.run(context, method,
                    new ToolCall(CALL_ID, method.name(), text));
        } catch (ApiException e) {
            if (ToolLedger.MISMATCH.equals(e.code())) {
                throw new ApiException(422, "IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was used for a run with other arguments.");
            }
            throw e;
        }
        return new ToolkitRun(runId, method.toolkit(), method.name(), result.error() ? "error" : "success",
                result.error() ? result.content() : "Toolkit method executed successfully",
                result.error() ? null : parsed(result.content()), method.riskLevel().wire(),
                method.requiresConfirmation());
    }

    private static boolean lists(AgentDefinition agent, String tool) {
        JsonNode tools = agent.tools();
        if (tools != null && tools.isArray()) {
            for (JsonNode t : tools) {
                if (tool.equals(t.isTextual() ? t.asText() : t.path("name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonNode parsed(String content) {
        try {
            return mapper.readTree(content);
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode(content);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
