package dev.agentplane.execution.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.tools.toolkit.RiskLevel;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tools of an agent version's MCP server, listed once and kept (cache {@code mcp-tools}): a version never
 * changes, so its servers' tools are asked for at its first run on this replica, not at every run. A failed
 * listing is not kept. Governance data comes from the tool's annotations: read-only tools are low risk and
 * idempotent, destructive ones high, others medium; an idempotent hint lets the ledger re-run a call in doubt.
 */
@ApplicationScoped
public class McpCatalog {
    /** Providers accept {@code ^[a-zA-Z0-9_-]{1,64}$} as a function name (OpenAI's rule, the narrowest). */
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-zA-Z0-9_-]");
    private static final int MAX_NAME = 64;
    static final String SEPARATOR = "__";
    /** MCP's schema records as they are on the wire (camelCase, without absent members). */
    private static final ObjectMapper WIRE = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    @Inject
    McpClients clients;
    @Inject
    ObjectMapper mapper;

    @CacheResult(cacheName = "mcp-tools")
    public List<McpTool> ofVersion(@CacheKey String workspaceId, @CacheKey String agentId, @CacheKey Integer version,
                                   @CacheKey String serverName, McpServerDeclaration server) throws McpClients.Failure {
        return list(server);
    }

    /** The server's tools the agent allows, named for the model; asked every time (inline configs have no version). */
    public List<McpTool> list(McpServerDeclaration server) throws McpClients.Failure {
        List<McpTool> tools = new ArrayList<>();
        for (McpSchema.Tool tool : clients.listTools(server)) {
            if (tool.name() != null && server.offers(tool.name())) {
                tools.add(new McpTool(method(server.name(), tool), server.name(), tool.name()));
            }
        }
        return List.copyOf(tools);
    }

    static String offeredName(String server, String tool) {
        String name = NOT_ALLOWED.matcher(server).replaceAll("_") + SEPARATOR + NOT_ALLOWED.matcher(tool).replaceAll("_");
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private ToolMethod method(String server, McpSchema.Tool tool) {
        McpSchema.ToolAnnotations hints = tool.annotations();
        boolean readOnly = hints != null && Boolean.TRUE.equals(hints.readOnlyHint());
        boolean destructive = hints != null && Boolean.TRUE.equals(hints.destructiveHint());
        boolean idempotent = readOnly || hints != null && Boolean.TRUE.equals(hints.idempotentHint());
        RiskLevel risk = readOnly ? RiskLevel.LOW : destructive ? RiskLevel.HIGH : RiskLevel.MEDIUM;
        String description = tool.description() == null ? tool.name() : tool.description();
        return new ToolMethod(server, offeredName(server, tool.name()), description, parameters(tool), risk, false,
                idempotent);
    }

    /** The tool's input schema as an object schema (a provider refuses anything else). */
    private JsonNode parameters(McpSchema.Tool tool) {
        ObjectNode schema = tool.inputSchema() == null ? mapper.createObjectNode()
                : WIRE.valueToTree(tool.inputSchema());
        schema.put("type", "object");
        if (!schema.has("properties")) {
            schema.putObject("properties");
        }
        return schema;
    }
}
