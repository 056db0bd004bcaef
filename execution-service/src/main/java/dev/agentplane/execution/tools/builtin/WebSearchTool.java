package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.ToolsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code web_search}: asks the search provider the operator configured ({@code agentplane.tools.web-search.url},
 * an HTTP JSON API answering {@code GET <url>?q=<query>&count=<n>} with a {@code results} array of objects
 * with title, url and snippet/description). Without one the tool answers a clear error: the agent still
 * saves and runs, the model learns search is unavailable.
 */
@ApplicationScoped
public class WebSearchTool extends BuiltinTool {
    private static final Logger LOG = Logger.getLogger(WebSearchTool.class);
    private static final int MAX_QUERY = 1000;
    private static final int MAX_ANSWER = 1024 * 1024;

    @Inject
    ToolsConfig config;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    protected String name() {
        return "web_search";
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call, JsonNode arguments) {
        String query = text(arguments, "query");
        if (query == null || query.isEmpty()) {
            return ToolResult.error(call, "Give a query, e.g. {\"query\": \"quarkus release notes\"}.");
        }
        if (query.length() > MAX_QUERY) {
            return ToolResult.error(call, "The query is longer than " + MAX_QUERY + " characters.");
        }
        ToolsConfig.WebSearch search = config.webSearch();
        if (search.url().isEmpty() || search.url().get().isBlank()) {
            return ToolResult.error(call, "Web search is not available: no search provider is configured on this "
                    + "platform (agentplane.tools.web-search.url). Answer without searching.");
        }
        int limit = search.maxResults();
        int count = arguments.path("max_results").canConvertToInt()
                ? Math.max(1, Math.min(limit, arguments.path("max_results").asInt())) : Math.min(5, limit);
        String base = search.url().get();
        String url = base + (base.contains("?") ? "&" : "?") + "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&count=" + count;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(search.timeout())
                .header("Accept", "application/json").GET();
        search.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> request.header("Authorization", "Bearer " + k));
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_ANSWER + 1);
            }
            if (response.statusCode() != 200) {
                LOG.warnf("the search provider answered %d", response.statusCode());
                return ToolResult.error(call, "The search provider failed (HTTP " + response.statusCode() + "). Try again later.");
            }
            if (bytes.length > MAX_ANSWER) {
                return ToolResult.error(call, "The search provider's answer is too large.");
            }
            JsonNode results = mapper.readTree(bytes).path("results");
            if (!results.isArray()) {
                return ToolResult.error(call, "The search provider's answer has no results list.");
            }
            java.util.List<Map<String, Object>> items = new java.util.ArrayList<>();
            for (JsonNode r : results) {
                if (items.size() >= count) {
                    break;
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("title", r.path("title").asText(""));
                item.put("url", r.path("url").asText(r.path("link").asText("")));
                item.put("snippet", r.path("snippet").asText(r.path("description").asText(r.path("content").asText(""))));
                items.add(item);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("query", query);
            answer.put("results", items);
            return ToolResult.ok(call, json(answer));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.error(call, "The search was interrupted.");
        } catch (java.net.http.HttpTimeoutException e) {
            return ToolResult.error(call, "The search provider did not answer within " + search.timeout().toSeconds() + " s.");
        } catch (Exception e) {
            LOG.warnf("the search provider cannot be reached: %s", e.getClass().getSimpleName());
            return ToolResult.error(call, "The search provider cannot be reached. Try again later.");
        }
    }
}
