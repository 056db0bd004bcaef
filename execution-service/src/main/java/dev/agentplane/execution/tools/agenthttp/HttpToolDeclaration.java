package dev.agentplane.execution.tools.agenthttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.tools.toolkit.RiskLevel;
import dev.agentplane.execution.tools.toolkit.ToolMethod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP tool an agent declares in {@code config.worker_config.http_tools}: {@code name}, {@code description},
 * JSON-Schema {@code parameters}, {@code method} (GET default), {@code url} (a template: {@code {param}} in its path
 * or query), {@code headers} (values may name workspace secrets: {@code {{secrets.NAME}}}), and governance:
 * {@code risk_level}, {@code requires_confirmation}, {@code idempotent} (defaults: GET and HEAD low risk and
 * idempotent, other methods medium and not). The registry validates them when the agent is saved; here an entry
 * without a name or URL is skipped.
 */
public record HttpToolDeclaration(String name, String description, JsonNode parameters, String method, String url,
                                  Map<String, String> headers, RiskLevel riskLevel, boolean requiresConfirmation,
                                  boolean idempotent) {

    public static List<HttpToolDeclaration> of(JsonNode tools) {
        List<HttpToolDeclaration> declared = new ArrayList<>();
        if (tools == null || !tools.isArray()) {
            return declared;
        }
        for (JsonNode tool : tools) {
            String name = tool.path("name").asText("");
            String url = tool.path("url").asText("");
            if (name.isBlank() || url.isBlank()) {
                continue;
            }
            String method = tool.path("method").asText("GET").toUpperCase(Locale.ROOT);
            boolean safe = method.equals("GET") || method.equals("HEAD");
            Map<String, String> headers = new LinkedHashMap<>();
            tool.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            RiskLevel risk = risk(tool.path("risk_level").asText(""), safe ? RiskLevel.LOW : RiskLevel.MEDIUM);
            declared.add(new HttpToolDeclaration(name, tool.path("description").asText(name), parameters(tool),
                    method, url, Map.copyOf(headers), risk, tool.path("requires_confirmation").asBoolean(false),
                    tool.path("idempotent").asBoolean(safe)));
        }
        return declared;
    }

    /** The declared level; an inline session config is not validated by the registry, so a wrong one counts as high. */
    private static RiskLevel risk(String declared, RiskLevel otherwise) {
        if (declared.isEmpty()) {
            return otherwise;
        }
        try {
            return RiskLevel.of(declared);
        } catch (IllegalArgumentException e) {
            return RiskLevel.HIGH;
        }
    }

    /** The declared schema as an object schema (a provider refuses anything else). */
    private static JsonNode parameters(JsonNode tool) {
        ObjectNode schema = tool.path("parameters").isObject() ? tool.path("parameters").deepCopy()
                : JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        if (!schema.has("properties")) {
            schema.putObject("properties");
        }
        return schema;
    }

    public ToolMethod toolMethod() {
        return new ToolMethod(HttpToolkit.NAME, name, description, parameters, riskLevel, requiresConfirmation,
                idempotent);
    }

    @Override
    public String toString() {
        // header templates are not secrets themselves, but they say which secrets a tool uses: kept out of logs
        return "HttpToolDeclaration[name=" + name + ", method=" + method + ", url=" + url + "]";
    }
}
