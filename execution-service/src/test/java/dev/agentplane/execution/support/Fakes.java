package dev.agentplane.execution.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.client.ServiceTokens;
import dev.agentplane.kit.testing.TestTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.*;

/**
 * Stubs of the other services and of the model provider, per test. Registry and session stubs match
 * only the service token of their own workspace, as the real services would answer only that workspace.
 */
@ApplicationScoped
public class Fakes {
    public static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "test.wiremock.port")
    int port;
    @Inject
    ServiceTokens tokens;

    private WireMock wm;
    private final Map<String, ObjectNode> definitions = new java.util.concurrent.ConcurrentHashMap<>();

    /** The definition of an agent made by {@link #agent}, as the registry answers it. */
    public ObjectNode definition(String agentId) {
        return definitions.get(agentId);
    }

    public WireMock wm() {
        if (wm == null) {
            wm = new WireMock("localhost", port);
        }
        return wm;
    }

    public static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "");
    }

    public String bearerOf(TestTokens.Workspace ws) {
        return "Bearer " + tokens.tokenFor(new Caller("test-user", ws.tenantId(), ws.workspaceId(), Set.of(), "team",
                Set.of(), null));
    }

    public String agent(TestTokens.Workspace ws) {
        return agent(ws, a -> {
        });
    }

    /** A registry agent of this workspace; the customizer may change any field of its definition. */
    public String agent(TestTokens.Workspace ws, Consumer<ObjectNode> customize) {
        String id = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode agent = JSON.createObjectNode().put("id", id).put("name", "Helper").put("version", 3)
                .put("system_prompt", "You are {{ variables.persona }}.").put("status", "active");
        agent.putObject("llm_config").put("provider", "openai").put("model", "sim-1").put("temperature", 0.2)
                .put("max_tokens", 100);
        agent.putObject("config").put("enable_memory", true).put("enable_history", true).put("num_history_runs", 2);
        agent.putArray("tools");
        agent.putObject("structured_output").put("enabled", false);
        agent.putNull("system_config");
        customize.accept(agent);
        definitions.put(id, agent);
        wm().register(get(urlPathMatching("/internal/agents/" + id + "(/versions/3)?")).withHeader("Authorization", equalTo(bearerOf(ws)))
                .willReturn(okJson(agent.toString())));
        return id;
    }

    /** A session of this workspace pinned to the agent, with the given history (oldest first). */
    public String session(TestTokens.Workspace ws, String agentId, ArrayNode history) {
        String id = "ses-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode context = JSON.createObjectNode().put("session_id", id).put("agent_id", agentId)
                .put("agent_version", 3).put("status", "active");
        context.putNull("agent_config");
        context.putNull("external_user_id");
        context.putObject("variables").put("persona", "a pirate");
        context.set("history", history == null ? JSON.createArrayNode() : history);
        wm().register(get(urlPathEqualTo("/internal/sessions/" + id + "/context"))
                .withHeader("Authorization", equalTo(bearerOf(ws))).willReturn(okJson(context.toString())));
        return id;
    }

    /** A session made from an inline config: no registry agent, the definition travels in the context. */
    public String inlineSession(TestTokens.Workspace ws, String systemPrompt) {
        String id = "ses-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode context = JSON.createObjectNode().put("session_id", id).put("status", "active");
        context.putNull("agent_id");
        context.putNull("agent_version");
        ObjectNode config = context.putObject("agent_config").put("name", "Inline").put("system_prompt", systemPrompt);
        config.putObject("llm_config").put("provider", "openai").put("model", "sim-1").put("max_tokens", 50);
        context.putObject("variables");
        context.putArray("history");
        wm().register(get(urlPathEqualTo("/internal/sessions/" + id + "/context"))
                .withHeader("Authorization", equalTo(bearerOf(ws))).willReturn(okJson(context.toString())));
        return id;
    }

    public static ArrayNode history(String executionId, String user, String assistant) {
        ArrayNode history = JSON.createArrayNode();
        history.addObject().put("id", "h1").put("role", "user").put("content", user).put("execution_id", executionId);
        history.addObject().put("id", "h2").put("role", "assistant").put("content", assistant)
                .put("execution_id", executionId);
        return history;
    }

    public void noCredits(TestTokens.Workspace ws) {
        wm().register(post(urlPathEqualTo("/internal/credits/reservations")).atPriority(1)
                .withHeader("Authorization", equalTo(bearerOf(ws)))
                .willReturn(WireMockResource.problem(402, "INSUFFICIENT_CREDITS")));
    }

    /** Holds for this workspace answer as a billing service that does not send the pricing rule. */
    public void holdsWithoutPrice(TestTokens.Workspace ws) {
        wm().register(post(urlPathEqualTo("/internal/credits/reservations")).atPriority(1)
                .withHeader("Authorization", equalTo(bearerOf(ws)))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"execution_id\":\"x\",\"reserved\":100,\"balance\":1000000,\"available\":999000}")));
    }

    public void llm(String marker, String text, int in, int out) {
        llmSlow(marker, text, in, out, 0);
    }

    public void llmSlow(String marker, String text, int in, int out, int delayMs) {
        wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(5).withRequestBody(containing(marker))
                .willReturn(okJson(completion(text, in, out)).withFixedDelay(delayMs)));
    }

    public void llmError(String marker, int status) {
        wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(5).withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"simulated\",\"type\":\"server_error\"}}")));
    }

    /**
     * The model asks for these tools (name → arguments JSON) when a request contains the marker and no tool
     * result yet; after the results it answers {@code text}.
     */
    public void llmTools(String marker, Map<String, String> calls, String text, int in, int out) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1).put("model", "sim-1");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls");
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        message.putNull("content");
        ArrayNode toolCalls = message.putArray("tool_calls");
        int n = 0;
        for (Map.Entry<String, String> call : calls.entrySet()) {
            ObjectNode c = toolCalls.addObject().put("id", "call_" + n++).put("type", "function");
            c.putObject("function").put("name", call.getKey()).put("arguments", call.getValue());
        }
        body.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
        wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(4).withRequestBody(containing(marker))
                .withRequestBody(notMatching("(?s).*\"role\" ?: ?\"tool\".*")).willReturn(okJson(body.toString())));
        wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(4).withRequestBody(containing(marker))
                .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]")).willReturn(okJson(completion(text, in, out))));
    }

    /** Like {@link #llmTools}, with two calls of the same tool in one turn (ids call_0 and call_1). */
    public void llmToolsTwice(String marker, String tool, String firstArguments, String secondArguments) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1).put("model", "sim-1");
        ObjectNode message = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls")
                .putObject("message").put("role", "assistant");
        message.putNull("content");
        ArrayNode toolCalls = message.putArray("tool_calls");
        toolCalls.addObject().put("id", "call_0").put("type", "function").putObject("function").put("name", tool)
                .put("arguments", firstArguments);
        toolCalls.addObject().put("id", "call_1").put("type", "function").putObject("function").put("name", tool)
                .put("arguments", secondArguments);
        body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 4).put("total_tokens", 14);
        wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(3).withRequestBody(containing(marker))
                .withRequestBody(notMatching("(?s).*\"role\" ?: ?\"tool\".*")).willReturn(okJson(body.toString())));
    }

    /** The first call answers the status, every later one the completion (a transient provider error). */
    public void llmFailOnce(String marker, int status, String text, int in, int out) {
        wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(4).withRequestBody(containing(marker))
                .inScenario(marker).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed-once")
                .willReturn(aResponse().withStatus(status).withBody("{\"error\":{\"message\":\"busy\"}}")));
        wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(4).withRequestBody(containing(marker))
                .inScenario(marker).whenScenarioStateIs("failed-once")
                .willReturn(okJson(completion(text, in, out))));
    }

    /** A streamed answer, one chunk per token, spread over totalMs. */
    public void llmStream(String marker, List<String> chunks, int in, int out, int totalMs) {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) {
            body.append("data: ").append(chunk(JSON.createObjectNode().put("content", chunk), null, null)).append("\n\n");
        }
        ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", in).put("completion_tokens", out)
                .put("total_tokens", in + out);
        body.append("data: ").append(chunk(JSON.createObjectNode(), "stop", usage)).append("\n\n");
        body.append("data: [DONE]\n\n");
        var response = aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(body.toString());
        if (totalMs > 0) {
            response.withChunkedDribbleDelay(chunks.size() + 2, totalMs);
        }
        wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(3).withRequestBody(containing(marker))
                .withRequestBody(matchingJsonPath("$.stream", WireMock.equalTo("true"))).willReturn(response));
    }

    public List<LoggedRequest> llmRequests(String marker) {
        return wm().find(postRequestedFor(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing(marker)));
    }

    public List<LoggedRequest> requests(RequestPatternBuilder pattern) {
        return wm().find(pattern);
    }

    public static String completion(String text, int in, int out) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1).put("model", "sim-1");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text);
        body.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
        return body.toString();
    }

    private static String chunk(ObjectNode delta, String finish, ObjectNode usage) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
                .put("created", 1).put("model", "sim-1");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        if (usage != null) {
            body.set("usage", usage);
        }
        return body.toString();
    }
}
