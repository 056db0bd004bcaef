package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.client.DependencyCall;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code knowledge_base_search}: the chunks of the agent's knowledge bases nearest to the model's query (seed 001:
 * "the agent will automatically search the KB when needed"). The bases are the agent's (or node's), never the
 * model's choice; knowledge-service searches only the caller's workspace.
 */
@ApplicationScoped
public class KnowledgeSearchTool extends BuiltinTool {
    private static final String SERVICE = "knowledge service";
    private static final int MAX_TOP_K = 20;

    @Inject
    @RestClient
    KnowledgeApi api;
    @Inject
    DependencyCall calls;

    @Override
    protected String name() {
        return "knowledge_base_search";
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call, JsonNode arguments) {
        String query = text(arguments, "query");
        if (query == null || query.isEmpty()) {
            return ToolResult.error(call, "Give a query to search the knowledge bases with.");
        }
        if (context.knowledgeBases().isEmpty()) {
            return ToolResult.error(call, "This agent has no knowledge bases to search.");
        }
        int topK = Math.max(1, Math.min(MAX_TOP_K, arguments.path("top_k").asInt(5)));
        String auth = calls.bearer(context.caller());
        DependencyCall.Answer answer;
        try {
            answer = calls.call(SERVICE, () -> api.search(new KnowledgeApi.SearchBody(context.knowledgeBases(), query, topK),
                    auth, calls.requestId()));
        } catch (ApiException e) {
            return ToolResult.error(call, "The knowledge bases cannot be searched right now.");
        }
        if (answer.status() == 404) {
            return ToolResult.error(call, "A knowledge base of this agent does not exist (any more).");
        }
        if (!answer.ok()) {
            return ToolResult.error(call, "The knowledge bases could not be searched (" + answer.code() + ").");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode item : calls.tree(answer).path("items")) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("text", item.path("text").asText());
            r.put("score", item.path("score").asDouble());
            r.put("document", item.path("document").path("title").asText(null));
            r.put("knowledge_base_id", item.path("knowledge_base_id").asText(null));
            results.add(r);
        }
        return ToolResult.ok(call, json(Map.of("query", query, "results", results)));
    }
}
