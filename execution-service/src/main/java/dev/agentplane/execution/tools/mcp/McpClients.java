package dev.agentplane.execution.tools.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.tools.ToolsConfig;
import dev.agentplane.execution.tools.http.GuardedHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Talks to one MCP server over Streamable HTTP with the MCP Java SDK: a session per use (initialize, the
 * request, close), so nothing outlives a call and a run resumed elsewhere needs no session of this replica's.
 * The URL passes the SSRF guard of http_request before every session; redirects are not followed.
 */
@ApplicationScoped
public class McpClients {
    /** The SDK's own JSON mapper: MCP is camelCase on the wire, unlike this service's snake_case mapper. */
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
    private static final McpSchema.Implementation CLIENT = new McpSchema.Implementation("agentplane", "1.0");

    @Inject
    GuardedHttp http;
    @Inject
    ToolsConfig config;

    /** A server that could not be reached, refused by the guard or that failed; the message is safe to show. */
    public static class Failure extends Exception {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** Every tool the server lists (all pages). */
    public List<McpSchema.Tool> listTools(McpServerDeclaration server) throws Failure {
        return session(server, client -> {
            List<McpSchema.Tool> tools = new ArrayList<>();
            String cursor = null;
            do {
                McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
                tools.addAll(page.tools());
                cursor = page.nextCursor();
            } while (cursor != null && tools.size() < 1000);
            return tools;
        });
    }

    public McpSchema.CallToolResult call(McpServerDeclaration server, String tool, Map<String, Object> arguments)
            throws Failure {
        return session(server, client -> client.callTool(new McpSchema.CallToolRequest(tool, arguments)));
    }

    private <T> T session(McpServerDeclaration server, Function<McpSyncClient, T> work) throws Failure {
        try {
            http.check(server.url());
        } catch (GuardedHttp.Failure refused) {
            throw new Failure(refused.getMessage());
        }
        URI uri = URI.create(server.url());
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint)
                .jsonMapper(JSON).connectTimeout(config.mcp().timeout())
                .maxResponseSize(config.mcp().maxResponseBytes())
                .customizeClient(b -> b.followRedirects(HttpClient.Redirect.NEVER))
                .customizeRequest(b -> server.headers().forEach(b::header))
                .build();
        McpSyncClient client = McpClient.sync(transport).clientInfo(CLIENT).requestTimeout(config.mcp().timeout())
                .initializationTimeout(config.mcp().timeout()).build();
        try {
            client.initialize();
            return work.apply(client);
        } catch (RuntimeException e) {
            throw new Failure("The MCP server '" + server.name() + "' failed: " + reason(e));
        } finally {
            client.closeGracefully();
        }
    }

    /** The deepest message, without class names; a server's own error text is what the model should see. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "no answer" : cause.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }
}
