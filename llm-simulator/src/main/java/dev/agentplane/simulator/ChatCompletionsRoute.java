package dev.agentplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/chat/completions} and {@code GET /v1/models}, OpenAI wire format. Runs on the
 * event loop with timers for latency and token pacing, so thousands of slow streams cost no threads.
 */
@ApplicationScoped
public class ChatCompletionsRoute {
    private static final AtomicLong IDS = new AtomicLong();
    private static final long HANG_LIMIT_MS = 600_000;

    @Inject
    ReplyPlanner planner;
    @Inject
    SimulatorConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    Vertx vertx;
    @Inject
    KeyBook keys;

    void routes(@Observes Router router) {
        router.post("/v1/chat/completions").handler(BodyHandler.create().setBodyLimit(8 * 1024 * 1024))
                .handler(this::complete);
        router.get("/v1/models").handler(this::models);
        router.get("/sim/requests").handler(this::seen);
    }

    private void complete(RoutingContext ctx) {
        JsonNode request;
        try {
            request = mapper.readTree(ctx.body().asString());
        } catch (Exception e) {
            error(ctx.response(), 400, "invalid_request_error", "The body is not valid JSON.");
            return;
        }
        if (request == null || !request.path("messages").isArray() || request.path("messages").isEmpty()) {
            error(ctx.response(), 400, "invalid_request_error", "'messages' must be a non-empty array.");
            return;
        }
        String model = request.path("model").asText("sim-1");
        String key = bearer(ctx.request().getHeader("Authorization"));
        KeyBook.Admission admission = keys.admit(key, requestTokens(request));
        rateHeaders(ctx.response(), admission);
        if (!admission.allowed()) {
            keys.record(key, model, request.path("messages").toString(), 429);
            ctx.response().putHeader("Retry-After", String.valueOf((admission.resetMillis() + 999) / 1000));
            error(ctx.response(), 429, "rate_limit_exceeded", "Rate limit reached for " + admission.exceeded() + ": "
                    + ("tokens".equals(admission.exceeded()) ? admission.tokenLimit() : admission.limit())
                    + " per window.");
            return;
        }
        int failing = keys.failingStatus(key);
        if (failing > 0) {
            keys.record(key, model, request.path("messages").toString(), failing);
            error(ctx.response(), failing, failing < 500 ? "invalid_request_error" : "server_error",
                    "This account's requests fail (simulated).");
            return;
        }
        Reply reply = planner.plan(request);
        keys.record(key, model, request.path("messages").toString(), reply.isError() ? reply.errorStatus() : 200);
        String id = "chatcmpl-sim-" + IDS.incrementAndGet();
        after(reply.latency().toMillis(), () -> {
            if (ctx.response().closed()) {
                return;
            }
            if (reply.hang()) {
                // a provider that never answers: the client's timeout is what is under test
                vertx.setTimer(HANG_LIMIT_MS, t -> ctx.response().reset());
            } else if (reply.isError()) {
                error(ctx.response(), reply.errorStatus(), reply.errorStatus() == 429 ? "rate_limit_exceeded"
                        : reply.errorStatus() < 500 ? "invalid_request_error" : "server_error", reply.errorMessage());
            } else if (request.path("stream").asBoolean(false)) {
                stream(ctx.response(), id, model, reply, request.path("stream_options").path("include_usage").asBoolean(false));
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(json(completion(id, model, reply)));
            }
        });
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }

    /**
     * What a request counts against a token limit, as OpenAI counts it: its messages' characters over four and the
     * most it may answer.
     */
    private long requestTokens(JsonNode request) {
        long chars = 0;
        for (JsonNode message : request.path("messages")) {
            chars += ReplyPlanner.contentText(message.path("content")).length();
        }
        JsonNode max = request.has("max_completion_tokens") ? request.path("max_completion_tokens")
                : request.path("max_tokens");
        return (chars + 3) / 4 + (max.canConvertToLong() ? max.asLong() : config.completionTokens());
    }

    /** OpenAI's rate-limit headers for the limits the key has. */
    private static void rateHeaders(HttpServerResponse response, KeyBook.Admission admission) {
        if (admission.limit() > 0) {
            response.putHeader("x-ratelimit-limit-requests", String.valueOf(admission.limit()))
                    .putHeader("x-ratelimit-remaining-requests", String.valueOf(admission.remaining()))
                    .putHeader("x-ratelimit-reset-requests", admission.resetMillis() + "ms");
        }
        if (admission.tokenLimit() > 0) {
            response.putHeader("x-ratelimit-limit-tokens", String.valueOf(admission.tokenLimit()))
                    .putHeader("x-ratelimit-remaining-tokens", String.valueOf(admission.tokensRemaining()))
                    .putHeader("x-ratelimit-reset-tokens", admission.resetMillis() + "ms");
        }
    }

    /** {@code GET /sim/requests?contains=text}: the requests whose messages contained the text, oldest first. */
    private void seen(RoutingContext ctx) {
        String text = ctx.request().getParam("contains");
        if (text == null || text.isBlank()) {
            error(ctx.response(), 400, "invalid_request_error", "'contains' is required.");
            return;
        }
        ArrayNode list = mapper.createArrayNode();
        for (KeyBook.Seen s : keys.containing(text)) {
            list.addObject().put("key", s.key()).put("model", s.model()).put("status", s.status()).put("at", s.at());
        }
        ObjectNode body = mapper.createObjectNode();
        body.set("requests", list);
        ctx.response().putHeader("Content-Type", "application/json").end(json(body));
    }

    private ObjectNode completion(String id, String model, Reply reply) {
        ObjectNode body = envelope(id, model, "chat.completion");
        ObjectNode message = mapper.createObjectNode().put("role", "assistant");
        if (reply.toolCalls().isEmpty()) {
            message.put("content", reply.text());
        } else {
            message.putNull("content");
            message.set("tool_calls", toolCalls(reply.toolCalls(), false));
        }
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", reply.toolCalls().isEmpty() ? "stop" : "tool_calls");
        body.set("usage", usage(reply));
        return body;
    }

    private void stream(HttpServerResponse response, String id, String model, Reply reply, boolean includeUsage) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        if (!reply.toolCalls().isEmpty()) {
            ObjectNode delta = mapper.createObjectNode().put("role", "assistant");
            delta.set("tool_calls", toolCalls(reply.toolCalls(), true));
            response.write(sse(chunk(id, model, delta, null)));
            finish(response, id, model, reply, "tool_calls", includeUsage);
            return;
        }
        response.write(sse(chunk(id, model, mapper.createObjectNode().put("role", "assistant").put("content", ""), null)));
        sendTokens(response, id, model, reply, reply.tokens(), 0, includeUsage);
    }

    private void sendTokens(HttpServerResponse response, String id, String model, Reply reply, List<String> tokens,
                            int index, boolean includeUsage) {
        if (response.closed()) {
            return;
        }
        if (index >= tokens.size()) {
            finish(response, id, model, reply, "stop", includeUsage);
            return;
        }
        response.write(sse(chunk(id, model, mapper.createObjectNode().put("content", tokens.get(index)), null)));
        after(reply.tokenInterval().toMillis(), () -> sendTokens(response, id, model, reply, tokens, index + 1, includeUsage));
    }

    private void finish(HttpServerResponse response, String id, String model, Reply reply, String reason,
                        boolean includeUsage) {
        ObjectNode last = chunk(id, model, mapper.createObjectNode(), reason);
        // usage on the last content chunk as well: clients that do not ask for a usage chunk still get counts
        last.set("usage", usage(reply));
        response.write(sse(last));
        if (includeUsage) {
            ObjectNode usageChunk = envelope(id, model, "chat.completion.chunk");
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(reply));
            response.write(sse(usageChunk));
        }
        response.end("data: [DONE]\n\n");
    }

    private ObjectNode chunk(String id, String model, ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope(id, model, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private ArrayNode toolCalls(List<Reply.ToolCall> calls, boolean streamed) {
        ArrayNode array = mapper.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            Reply.ToolCall call = calls.get(i);
            ObjectNode node = array.addObject();
            if (streamed) {
                node.put("index", i);
            }
            node.put("id", call.id()).put("type", "function");
            node.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
        }
        return array;
    }

    private ObjectNode envelope(String id, String model, String object) {
        return mapper.createObjectNode().put("id", id).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
    }

    private ObjectNode usage(Reply reply) {
        return mapper.createObjectNode().put("prompt_tokens", reply.promptTokens())
                .put("completion_tokens", reply.completionTokens())
                .put("total_tokens", reply.promptTokens() + reply.completionTokens());
    }

    private void models(RoutingContext ctx) {
        ObjectNode body = mapper.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        config.models().forEach(m -> data.addObject().put("id", m).put("object", "model").put("created", 0)
                .put("owned_by", "agentplane-simulator"));
        ctx.response().putHeader("Content-Type", "application/json").end(json(body));
    }

    private void error(HttpServerResponse response, int status, String type, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", status);
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json(body));
    }

    private void after(long millis, Runnable action) {
        if (millis <= 0) {
            action.run();
        } else {
            vertx.setTimer(millis, t -> action.run());
        }
    }

    private String sse(ObjectNode node) {
        return "data: " + json(node) + "\n\n";
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
