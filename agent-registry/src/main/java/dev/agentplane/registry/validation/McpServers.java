package dev.agentplane.registry.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The MCP servers of {@code config.worker_config.mcp_servers} (execution-service runs their tools): each has a
 * {@code name} (its tools are offered as {@code <name>__<tool>}), an http(s) {@code url}, optional {@code headers}
 * and an optional {@code tools} list. Addresses are checked where they are used: execution-service's SSRF guard
 * resolves the host before every connection (a name may point elsewhere by then).
 */
final class McpServers {
    static final int MAX_SERVERS = 10;
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]*(_[a-z0-9-]+)*$");
    private static final int MAX_NAME = 32;
    /** The toolkits of execution-service's own tools: the built-ins and the agent's HTTP tools. */
    private static final Set<String> RESERVED_NAMES = Set.of("builtin", "http");
    /** Headers the transport sets itself (or the HTTP client refuses): an agent cannot override them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "connection", "upgrade",
            "transfer-encoding", "expect", "te", "trailer", "keep-alive", "proxy-connection", "accept", "content-type",
            "mcp-session-id", "mcp-protocol-version", "last-event-id");

    private McpServers() {
    }

    static void check(JsonNode workerConfig, Pointer at, List<ValidationIssue> issues) {
        if (workerConfig == null || workerConfig.isNull()) {
            return;
        }
        if (!workerConfig.isObject()) {
            issues.add(new ValidationIssue(at.toString(), "INVALID_TYPE", "must be an object"));
            return;
        }
        JsonNode servers = workerConfig.get("mcp_servers");
        if (servers == null || servers.isNull()) {
            return;
        }
        Pointer list = at.at("mcp_servers");
        if (!servers.isArray()) {
            issues.add(new ValidationIssue(list.toString(), "INVALID_TYPE", "must be an array of MCP servers"));
            return;
        }
        if (servers.size() > MAX_SERVERS) {
            issues.add(new ValidationIssue(list.toString(), "TOO_MANY", "at most " + MAX_SERVERS + " MCP servers"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            JsonNode server = servers.get(i);
            Pointer one = list.at(i);
            if (!server.isObject()) {
                issues.add(new ValidationIssue(one.toString(), "INVALID_TYPE", "must be an object with name and url"));
                continue;
            }
            name(server.get("name"), one.at("name"), names, issues);
            url(server.get("url"), one.at("url"), issues);
            HttpParts.headers(server.get("headers"), one.at("headers"), RESERVED_HEADERS, value -> null, issues);
            tools(server.get("tools"), one.at("tools"), issues);
        }
    }

    private static void name(JsonNode name, Pointer at, Set<String> names, List<ValidationIssue> issues) {
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            issues.add(new ValidationIssue(at.toString(), "REQUIRED", "an MCP server needs a name"));
        } else if (name.asText().length() > MAX_NAME || !NAME.matcher(name.asText()).matches()
                || RESERVED_NAMES.contains(name.asText())) {
            issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE", "must match ^[a-z][a-z0-9_-]*$ (at most "
                    + MAX_NAME + " characters, no '__', not " + RESERVED_NAMES + "): its tools are offered as"
                    + " <name>__<tool>"));
        } else if (!names.add(name.asText())) {
            issues.add(new ValidationIssue(at.toString(), "DUPLICATE_VALUE", "'" + name.asText() + "' is declared twice"));
        }
    }

    private static void url(JsonNode url, Pointer at, List<ValidationIssue> issues) {
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            issues.add(new ValidationIssue(at.toString(), "REQUIRED", "an MCP server needs its Streamable HTTP URL"));
            return;
        }
        if (!HttpParts.httpUrl(url.asText())) {
            issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE",
                    "must be an http(s) URL (at most 2,048 characters) without credentials or fragment"));
        }
    }

    private static void tools(JsonNode tools, Pointer at, List<ValidationIssue> issues) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray() || tools.size() > 100) {
            issues.add(new ValidationIssue(at.toString(), "INVALID_VALUE", "must be an array of at most 100 tool names"));
            return;
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!tool.isTextual() || tool.asText().isBlank() || tool.asText().length() > 128) {
                issues.add(new ValidationIssue(at.at(i).toString(), "INVALID_VALUE", "must be a tool name of the server"));
            }
        }
    }
}
