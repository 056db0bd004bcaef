package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
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
    private static final int MAX_TOP_K = 20;

    @Inject
    @RestClient
    KnowledgeApi api;

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
        Map<String, String> filter = new LinkedHashMap<>();
        arguments.path("filter").fields().forEachRemaining(f -> filter.put(f.getKey(), f.getValue().asText()));
        KnowledgeApi.Found found;
        try {
            found = api.search(context.caller(), new KnowledgeApi.SearchBody(context.knowledgeBases(), query, topK,
                    filter.isEmpty() ? null : filter));
        } catch (DependencyErrors.Refused e) {
            return ToolResult.error(call, e.refusedWith() == 404
                    ? "A knowledge base of this agent does not exist (any more)."
                    : e.refusedWith() == 400 ? "The search was refused: " + e.body().path("detail").asText("")
                    : "The knowledge bases could not be searched (" + e.refusalCode() + ").");
        } catch (RuntimeException e) {
            return ToolResult.error(call, "The knowledge bases cannot be searched right now.");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (KnowledgeApi.Chunk chunk : found.items() == null ? List.<KnowledgeApi.Chunk>of() : found.items()) {
            results.add(result(chunk));
        }
        return ToolResult.ok(call, json(Map.of("query", query, "results", results)));
    }

    /** A chunk with what a model needs to cite it: document name and id, page and heading when known. */
    private static Map<String, Object> result(KnowledgeApi.Chunk chunk) {
        Map<String, Object> r = new LinkedHashMap<>();
        String title = chunk.document() == null ? null : chunk.document().title();
        r.put("text", chunk.text());
        r.put("score", chunk.score());
        r.put("document", title);
        r.put("document_id", chunk.document() == null ? null : chunk.document().id());
        if (chunk.page() != null) {
            r.put("page", chunk.page());
        }
        if (chunk.heading() != null) {
            r.put("heading", chunk.heading());
        }
        r.put("knowledge_base_id", chunk.knowledgeBaseId());
        r.put("source", (title == null ? "untitled document" : title)
                + (chunk.page() == null ? "" : ", page " + chunk.page()));
        return r;
    }
}
