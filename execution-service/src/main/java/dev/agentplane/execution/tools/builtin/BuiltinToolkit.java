package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.tools.Tool;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.ToolSpec;
import dev.agentplane.execution.tools.toolkit.RiskLevel;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import dev.agentplane.execution.tools.toolkit.Toolkit;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code builtin} toolkit: every {@link Tool} bean, with the governance data of the built-in catalog. A
 * Tool bean the catalog does not describe (a test's own tool) is offered as a low-risk, non-idempotent method.
 */
@ApplicationScoped
public class BuiltinToolkit implements Toolkit {
    public static final String NAME = "builtin";

    @Inject
    @Any
    Instance<Tool> beans;
    @Inject
    BuiltinCatalog catalog;

    private Map<String, Tool> tools;
    private Map<String, ToolMethod> methods;

    @PostConstruct
    void load() {
        Map<String, Tool> byName = new LinkedHashMap<>();
        Map<String, ToolMethod> described = new LinkedHashMap<>();
        for (Tool tool : beans) {
            ToolSpec spec = tool.spec();
            byName.put(spec.name(), tool);
            described.put(spec.name(), catalog.method(spec.name()).orElseGet(() -> new ToolMethod(NAME, spec.name(),
                    spec.description(), spec.parameters(), RiskLevel.LOW, false, false)));
        }
        tools = Map.copyOf(byName);
        methods = Map.copyOf(described);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ToolMethod> methods() {
        return List.copyOf(methods.values());
    }

    public Optional<ToolMethod> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    @Override
    public ToolResult run(ToolContext context, ToolMethod method, ToolCall call, JsonNode arguments) {
        return tools.get(method.name()).run(context, call, arguments);
    }
}
