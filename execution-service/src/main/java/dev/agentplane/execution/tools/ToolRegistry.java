package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Offers the {@link Tool} beans an agent declares, by name, and runs their calls. */
@ApplicationScoped
public class ToolRegistry implements Tools {
    @Inject
    @Any
    Instance<Tool> beans;
    @Inject
    ObjectMapper mapper;

    private Map<String, Tool> byName() {
        Map<String, Tool> tools = new HashMap<>();
        for (Tool tool : beans) {
            tools.put(tool.spec().name(), tool);
        }
        return tools;
    }

    @Override
    public List<ToolSpec> offered(ToolContext context, JsonNode declarations) {
        List<ToolSpec> offered = new ArrayList<>();
        if (declarations == null || !declarations.isArray()) {
            return offered;
        }
        Map<String, Tool> tools = byName();
        for (JsonNode declared : declarations) {
            Tool tool = tools.get(declared.isTextual() ? declared.asText() : declared.path("name").asText());
            if (tool != null) {
                offered.add(tool.spec());
            }
        }
        return offered;
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call) {
        Tool tool = byName().get(call.name());
        if (tool == null) {
            return ToolResult.error(call, "No tool '" + call.name() + "' is offered here.");
        }
        JsonNode arguments;
        try {
            arguments = call.arguments() == null || call.arguments().isBlank() ? mapper.createObjectNode()
                    : mapper.readTree(call.arguments());
        } catch (Exception e) {
            return ToolResult.error(call, "The arguments are not valid JSON.");
        }
        try {
            return tool.run(context, call, arguments);
        } catch (RuntimeException e) {
            return ToolResult.error(call, "The tool failed: " + e.getMessage());
        }
    }
}
