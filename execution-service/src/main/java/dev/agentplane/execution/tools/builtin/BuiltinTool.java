package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.tools.Tool;
import dev.agentplane.execution.tools.ToolSpec;
import jakarta.inject.Inject;

/** A built-in tool: its spec comes from the built-in catalog, by name. */
public abstract class BuiltinTool implements Tool {
    @Inject
    BuiltinCatalog catalog;
    @Inject
    ObjectMapper mapper;

    protected abstract String name();

    @Override
    public ToolSpec spec() {
        return catalog.method(name()).orElseThrow(() -> new IllegalStateException(
                "built-in tool " + name() + " is missing from " + BuiltinCatalog.RESOURCE)).spec();
    }

    /** A text argument, trimmed; null when absent. */
    protected static String text(JsonNode arguments, String field) {
        JsonNode v = arguments.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText().trim() : v.toString();
    }

    protected String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a tool answer as JSON", e);
        }
    }
}
