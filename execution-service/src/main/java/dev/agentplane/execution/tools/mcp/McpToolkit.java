package dev.agentplane.execution.tools.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools of the MCP servers an agent declares: listed when a run starts (kept per agent version, see
 * {@link McpCatalog}), offered as {@code <server>__<tool>}, and called with the model's arguments. A server that
 * cannot be listed (down, refused by the guard) offers nothing to this run; the run goes on without it.
 */
@ApplicationScoped
public class McpToolkit {
    private static final Logger LOG = Logger.getLogger(McpToolkit.class);
    private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {
    };
    private static final ObjectMapper WIRE = new ObjectMapper();

    @Inject
    McpCatalog catalog;
    @Inject
    McpClients clients;

    /** Every MCP tool the context's agent offers. */
    public List<McpTool> offered(ToolContext context) {
        List<McpTool> tools = new ArrayList<>();
        for (McpServerDeclaration server : McpServerDeclaration.of(context.mcpServers())) {
            try {
                tools.addAll(context.agentVersion() == null || context.agentId() == null ? catalog.list(server)
                        : catalog.ofVersion(context.caller().workspaceId(), context.agentId(), context.agentVersion(),
                        server.name(), server));
            } catch (McpClients.Failure e) {
                LOG.warnf("MCP server '%s' of agent %s offers no tools to execution %s: %s", server.name(),
                        context.agentId(), context.executionId(), e.getMessage());
            }
        }
        return tools;
    }

    /** The offered MCP tool a model's call names, if the agent has one of that name. */
    public Optional<McpTool> find(ToolContext context, String name) {
        if (name == null || !name.contains(McpCatalog.SEPARATOR) || context.mcpServers() == null) {
            return Optional.empty();
        }
        return offered(context).stream().filter(t -> t.method().name().equals(name)).findFirst();
    }

    public ToolResult run(ToolContext context, ToolMethod method, ToolCall call, JsonNode arguments) {
        Optional<McpTool> tool = find(context, method.name());
        Optional<McpServerDeclaration> server = McpServerDeclaration.of(context.mcpServers()).stream()
                .filter(s -> s.name().equals(method.toolkit())).findFirst();
        if (tool.isEmpty() || server.isEmpty()) {
            return ToolResult.error(call, "The MCP tool '" + method.name() + "' is not available.");
        }
        try {
            McpSchema.CallToolResult result = clients.call(server.get(), tool.get().tool(),
                    WIRE.convertValue(arguments, ARGUMENTS));
            String content = content(result);
            return Boolean.TRUE.equals(result.isError()) ? ToolResult.error(call, content) : ToolResult.ok(call, content);
        } catch (McpClients.Failure e) {
            return ToolResult.error(call, e.getMessage());
        }
    }

    /** What goes back to the model: the structured content as JSON when there is one, else the texts. */
    private static String content(McpSchema.CallToolResult result) {
        if (result.structuredContent() != null) {
            return WIRE.valueToTree(result.structuredContent()).toString();
        }
        StringBuilder text = new StringBuilder();
        for (McpSchema.Content part : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(part instanceof McpSchema.TextContent t ? t.text() : "[" + part.type() + " content]");
        }
        return text.toString();
    }
}
