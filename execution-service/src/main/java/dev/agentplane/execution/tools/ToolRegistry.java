package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.tools.agenthttp.HttpToolkit;
import dev.agentplane.execution.tools.builtin.BuiltinToolkit;
import dev.agentplane.execution.tools.ledger.ToolLedger;
import dev.agentplane.execution.tools.mcp.McpTool;
import dev.agentplane.execution.tools.mcp.McpToolkit;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an agent's tool declarations to toolkit methods and runs their calls through the {@link ToolLedger}
 * (recorded before they run, replayed when asked again). Sources: the {@code builtin} toolkit, the agent's declared
 * HTTP tools (toolkit {@code http}) and the MCP servers the agent declares (one toolkit each, named after the server).
 */
@ApplicationScoped
public class ToolRegistry implements Tools {
    static final String KNOWLEDGE = "knowledge_base_search";

    @Inject
    BuiltinToolkit builtin;
    @Inject
    HttpToolkit http;
    @Inject
    McpToolkit mcp;
    @Inject
    ToolLedger ledger;
    @Inject
    ObjectMapper mapper;

    /** The method a declared name or a model's call names, if any toolkit provides it. */
    public Optional<ToolMethod> method(String name) {
        return name == null ? Optional.empty() : builtin.method(name);
    }

    /**
     * The method {@code name} of toolkit {@code toolkit} as the context's agent has it: a built-in, one of its
     * HTTP tools, or a tool (by its own name) of an MCP server the agent declares under that name.
     */
    public Optional<ToolMethod> method(ToolContext context, String toolkit, String name) {
        if (BuiltinToolkit.NAME.equals(toolkit)) {
            return builtin.method(name);
        }
        if (HttpToolkit.NAME.equals(toolkit)) {
            return http.find(context, name);
        }
        if (context.mcpServers() == null) {
            return Optional.empty();
        }
        return mcp.offered(context).stream().filter(t -> t.server().equals(toolkit) && t.tool().equals(name))
                .map(McpTool::method).findFirst();
    }

    @Override
    public List<ToolSpec> offered(ToolContext context, JsonNode declarations) {
        List<ToolSpec> offered = new ArrayList<>();
        if (declarations != null && declarations.isArray()) {
            for (JsonNode declared : declarations) {
                method(declared.isTextual() ? declared.asText() : declared.path("name").asText())
                        .ifPresent(m -> offered.add(m.spec()));
            }
        }
        http.offered(context).forEach(m -> offered.add(m.spec()));
        mcp.offered(context).forEach(t -> offered.add(t.method().spec()));
        // an agent with knowledge bases searches them when it needs to (seed 001), without listing the tool
        if (!context.knowledgeBases().isEmpty() && offered.stream().noneMatch(t -> KNOWLEDGE.equals(t.name()))) {
            method(KNOWLEDGE).ifPresent(m -> offered.add(m.spec()));
        }
        return offered;
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call) {
        Optional<ToolMethod> method = resolve(context, call.name());
        if (method.isEmpty()) {
            return ToolResult.error(call, "No tool '" + call.name() + "' is offered here.");
        }
        return run(context, method.get(), call);
    }

    /** The method a model's call names: a built-in, or an HTTP tool or MCP server's tool the context's agent declares. */
    private Optional<ToolMethod> resolve(ToolContext context, String name) {
        return method(name).or(() -> http.find(context, name)).or(() -> mcp.find(context, name).map(McpTool::method));
    }

    @Override
    public Gate gate(ToolContext context, ToolCall call, Governance governance) {
        Optional<ToolMethod> found = resolve(context, call.name());
        if (found.isEmpty()) {
            return Gate.RUN;   // it runs as an error result: nothing to approve
        }
        ToolMethod method = found.get();
        if (governance.above(method.riskLevel())) {
            String why = "'" + call.name() + "' is " + method.riskLevel().wire() + " risk, above what a "
                    + governance.level() + " agent may call unattended (" + governance.maxRisk().wire() + ")";
            return governance.deny() ? Gate.deny(why + ".") : Gate.approve(why + ": a person must approve it.");
        }
        return method.requiresConfirmation() ? Gate.approve("'" + call.name() + "' requires confirmation.") : Gate.RUN;
    }

    @Override
    public ToolResult rerun(ToolContext context, ToolCall call) {
        Optional<ToolMethod> method = resolve(context, call.name());
        if (method.isEmpty()) {
            return ToolResult.error(call, "No tool '" + call.name() + "' is offered here.");
        }
        return ledger.rerun(context, call, method.get(), () -> invoke(context, method.get(), call));
    }

    /** Runs a call of a known method, at most once per execution and call id (the ledger). */
    public ToolResult run(ToolContext context, ToolMethod method, ToolCall call) {
        return ledger.run(context, call, method, () -> invoke(context, method, call));
    }

    private ToolResult invoke(ToolContext context, ToolMethod method, ToolCall call) {
        JsonNode arguments;
        try {
            arguments = call.arguments() == null || call.arguments().isBlank() ? mapper.createObjectNode()
                    : mapper.readTree(call.arguments());
        } catch (Exception e) {
            return ToolResult.error(call, "The arguments are not valid JSON.");
        }
        if (!arguments.isObject()) {
            return ToolResult.error(call, "The arguments must be a JSON object.");
        }
        return switch (method.toolkit()) {
            case BuiltinToolkit.NAME -> builtin.run(context, method, call, arguments);
            case HttpToolkit.NAME -> http.run(context, method, call, arguments);
            default -> mcp.run(context, method, call, arguments);
        };
    }
}
