package dev.agentplane.execution.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One MCP server an agent declares in {@code config.worker_config.mcp_servers}: {@code name} (its tools are offered
 * as {@code <name>__<tool>}), {@code url} (Streamable HTTP endpoint), optional {@code headers} sent with every
 * request (never logged or shown in events), optional {@code tools} (only these of its tools are offered).
 * The registry validates them when the agent is saved; here an entry without a name or URL is skipped.
 */
public record McpServerDeclaration(String name, String url, Map<String, String> headers, Set<String> tools) {

    public static List<McpServerDeclaration> of(JsonNode servers) {
        List<McpServerDeclaration> declared = new ArrayList<>();
        if (servers == null || !servers.isArray()) {
            return declared;
        }
        for (JsonNode server : servers) {
            String name = server.path("name").asText("");
            String url = server.path("url").asText("");
            if (name.isBlank() || url.isBlank()) {
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            server.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            Set<String> tools = null;
            if (server.path("tools").isArray()) {
                tools = new java.util.LinkedHashSet<>();
                for (JsonNode tool : server.path("tools")) {
                    tools.add(tool.asText());
                }
            }
            declared.add(new McpServerDeclaration(name, url, Map.copyOf(headers), tools == null ? null : Set.copyOf(tools)));
        }
        return declared;
    }

    /** Whether the agent lets the model use this tool of the server. */
    public boolean offers(String tool) {
        return tools == null || tools.contains(tool);
    }

    @Override
    public String toString() {
        // headers carry credentials: never in a log line
        return "McpServerDeclaration[name=" + name + ", url=" + url + "]";
    }
}
