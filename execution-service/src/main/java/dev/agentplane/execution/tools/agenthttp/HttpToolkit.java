package dev.agentplane.execution.tools.agenthttp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.secret.WorkspaceSecrets;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.http.GuardedHttp;
import dev.agentplane.execution.tools.toolkit.ToolMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP tools an agent declares ({@code config.worker_config.http_tools}), toolkit {@code http}: each call is one
 * request through http_request's SSRF guard ({@link GuardedHttp}) with the workspace's secrets in its headers. A
 * secret's value goes to the tool's server only: a missing one is a tool error naming the secret, and a value the
 * server echoes back is masked before the answer reaches the model, the ledger, events or steps.
 */
@ApplicationScoped
public class HttpToolkit {
    public static final String NAME = "http";
    private static final Logger LOG = Logger.getLogger(HttpToolkit.class);
    /** Shorter values are not masked in answers (they would mangle ordinary text, and are no real secret). */
    private static final int MIN_MASKED = 4;

    @Inject
    GuardedHttp http;
    @Inject
    WorkspaceSecrets secrets;
    @Inject
    ObjectMapper mapper;

    public List<ToolMethod> offered(ToolContext context) {
        return HttpToolDeclaration.of(context.httpTools()).stream().map(HttpToolDeclaration::toolMethod).toList();
    }

    /** The declared tool a model's call names, if the context's agent has one of that name. */
    public Optional<ToolMethod> find(ToolContext context, String name) {
        return declaration(context, name).map(HttpToolDeclaration::toolMethod);
    }

    private static Optional<HttpToolDeclaration> declaration(ToolContext context, String name) {
        return name == null || context.httpTools() == null ? Optional.empty()
                : HttpToolDeclaration.of(context.httpTools()).stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public ToolResult run(ToolContext context, ToolMethod method, ToolCall call, JsonNode arguments) {
        Optional<HttpToolDeclaration> tool = declaration(context, method.name());
        if (tool.isEmpty()) {
            return ToolResult.error(call, "The HTTP tool '" + method.name() + "' is not available.");
        }
        Map<String, String> values;
        try {
            values = secrets.values(context.caller().workspaceId(), HttpToolRequest.secretNames(tool.get()));
        } catch (WorkspaceSecrets.Unreadable e) {
            return ToolResult.error(call, e.getMessage());
        }
        for (String name : HttpToolRequest.secretNames(tool.get())) {
            if (!values.containsKey(name)) {
                return ToolResult.error(call, "The secret '" + name + "' that the tool '" + method.name()
                        + "' sends is not set in this workspace (POST /v1/secrets).");
            }
        }
        try {
            HttpToolRequest.Built request = HttpToolRequest.build(tool.get(), arguments);
            Map<String, String> headers = HttpToolRequest.headers(tool.get(), values);
            if (request.body() != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
                headers.put("Content-Type", "application/json");
            }
            GuardedHttp.Answer answer = http.send(tool.get().method(), request.url(), headers, request.body());
            // the URL only: header values (the secrets) are never logged
            LOG.debugf("HTTP tool %s of agent %s in %s: %s %s -> %d", method.name(), context.agentId(),
                    context.executionId(), tool.get().method(), request.url(), answer.status());
            String content = masked(json(answer), values);
            return answer.status() >= 400 ? ToolResult.error(call, content) : ToolResult.ok(call, content);
        } catch (HttpToolRequest.Invalid | GuardedHttp.Failure e) {
            return ToolResult.error(call, masked(e.getMessage(), values));
        }
    }

    private String json(GuardedHttp.Answer answer) {
        try {
            return mapper.writeValueAsString(answer.fields());
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a tool answer as JSON", e);
        }
    }

    /** The text with every secret value (and its JSON-escaped form) replaced by the secret's name. */
    private static String masked(String text, Map<String, String> values) {
        String out = text;
        for (Map.Entry<String, String> secret : values.entrySet()) {
            if (secret.getValue().length() >= MIN_MASKED) {
                String mask = "[secret " + secret.getKey() + "]";
                out = out.replace(secret.getValue(), mask);
                String escaped = jsonEscaped(secret.getValue());
                out = escaped.equals(secret.getValue()) ? out : out.replace(escaped, mask);
            }
        }
        return out;
    }

    private static String jsonEscaped(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
