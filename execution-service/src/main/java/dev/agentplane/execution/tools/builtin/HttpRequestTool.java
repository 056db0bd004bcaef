package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.http.GuardedHttp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code http_request}: one request to a public URL, through the SSRF guard ({@link GuardedHttp}). */
@ApplicationScoped
public class HttpRequestTool extends BuiltinTool {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final int MAX_URL = 8192;
    private static final int MAX_BODY = 65536;

    @Inject
    GuardedHttp http;

    @Override
    protected String name() {
        return "http_request";
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call, JsonNode arguments) {
        String url = text(arguments, "url");
        if (url == null || url.isEmpty()) {
            return ToolResult.error(call, "Give a url, e.g. {\"url\": \"https://example.com\"}.");
        }
        if (url.length() > MAX_URL) {
            return ToolResult.error(call, "The URL is longer than " + MAX_URL + " characters.");
        }
        String method = text(arguments, "method");
        method = method == null || method.isEmpty() ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        if (!METHODS.contains(method)) {
            return ToolResult.error(call, "The method must be one of " + METHODS + ".");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = arguments.path("headers");
        if (!h.isMissingNode() && !h.isNull()) {
            if (!h.isObject()) {
                return ToolResult.error(call, "headers must be an object of names to text values.");
            }
            h.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        String body = text(arguments, "body");
        if (body != null && body.length() > MAX_BODY) {
            return ToolResult.error(call, "The body is longer than " + MAX_BODY + " characters.");
        }
        try {
            return ToolResult.ok(call, json(http.send(method, url, headers, body).fields()));
        } catch (GuardedHttp.Failure failure) {
            return ToolResult.error(call, failure.getMessage());
        }
    }
}
