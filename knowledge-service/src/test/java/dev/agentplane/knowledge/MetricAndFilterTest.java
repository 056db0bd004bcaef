package dev.agentplane.knowledge;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.agentplane.knowledge.Api.post;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** metric_type per knowledge base, the score threshold, and metadata filters on every search mode. */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
class MetricAndFilterTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void eachMetricScoresInItsOwnTerms() {
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Cosine")).statusCode(201)
                .body("metric_type", is("COSINE"), "dimensions", is(384));
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Bad", "metric_type", "HAMMING")).statusCode(400)
                .body("code", is("INVALID_INPUT"));
        String l2 = post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Euclid", "metric_type", "L2"))
                .statusCode(201).body("metric_type", is("L2")).extract().path("id");
        String ip = post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Inner", "metric_type", "IP"))
                .statusCode(201).extract().path("id");
        for (String kb : List.of(l2, ip)) {
            String a = Api.inline(ws.token(), kb, "kitchen", IngestionTest.KITCHEN);
            String b = Api.inline(ws.token(), kb, "vpn", "Connect to the VPN with the WireGuard client.");
            assertEquals("ready", Api.settled(ws.token(), kb, a));
            assertEquals("ready", Api.settled(ws.token(), kb, b));
        }
        // L2: score 1 / (1 + d²) and the distance itself; unit vectors, so d² = 2 - 2 cos
        List<Float> scores = post(ws.token(), "/v1/knowledge-bases/" + l2 + "/query", Map.of("query",
                "espresso machine cleaning", "top_k", 2)).statusCode(200).body("items[0].document.title", is("kitchen"),
                "items[0].distance", both(greaterThan(0f)).and(lessThan(1.2f)), "items[0].score", greaterThan(0.4f),
                "items[1].distance", greaterThan(1.2f)).extract().path("items.score");
        post(ws.token(), "/v1/knowledge-bases/" + ip + "/query", Map.of("query", "espresso machine cleaning",
                "top_k", 2)).statusCode(200).body("items[0].document.title", is("kitchen"),
                "items[0].distance", nullValue(), "items[0].score", lessThanOrEqualTo(1.0f));
        // the threshold cuts in the metric's terms
        post(ws.token(), "/v1/knowledge-bases/" + l2 + "/query", Map.of("query", "espresso machine cleaning",
                "top_k", 5, "min_score", (scores.get(0) + scores.get(1)) / 2)).statusCode(200)
                .body("items.document.title", contains("kitchen"));
    }

    @Test
    void filtersNarrowEveryModeToMatchingDocuments() {
        String kb = Api.base(ws.token(), "Handbook");
        String en = post(ws.token(), "/v1/knowledge-bases/" + kb + "/documents", Map.of("title", "leave-en.md",
                "text", IngestionTest.VACATION, "metadata", Map.of("lang", "en", "team", "hr"))).statusCode(202)
                .body("metadata.lang", is("en")).extract().path("id");
        String de = post(ws.token(), "/v1/knowledge-bases/" + kb + "/documents", Map.of("title", "urlaub-de.md",
                "text", "# Urlaub\n\nJeder Mitarbeiter erhält achtundzwanzig Tage bezahlten Urlaub (vacation) pro Jahr.",
                "metadata", Map.of("lang", "de", "team", "hr"))).statusCode(202).extract().path("id");
        assertEquals("ready", Api.settled(ws.token(), kb, en));
        assertEquals("ready", Api.settled(ws.token(), kb, de));
        String query = "/v1/knowledge-bases/" + kb + "/query";
        for (String mode : List.of("vector", "keyword", "hybrid")) {
            post(ws.token(), query, Map.of("query", "vacation days", "mode", mode, "top_k", 10, "min_score", -1,
                    "filter", Map.of("metadata.lang", "de"))).statusCode(200)
                    .body("items.document.id", everyItem(is(de)), "items.size()", greaterThan(0));
            post(ws.token(), query, Map.of("query", "vacation days", "mode", mode, "top_k", 10, "min_score", -1,
                    "filter", Map.of("metadata.team", "hr", "file_name", "leave-en.md"))).statusCode(200)
                    .body("items.document.id", everyItem(is(en)), "items.size()", greaterThan(0));
            post(ws.token(), query, Map.of("query", "vacation days", "mode", mode, "filter",
                    Map.of("metadata.lang", "fr"))).statusCode(200).body("items", empty());
        }
        post(ws.token(), query, Map.of("query", "vacation", "filter", Map.of("content_type", "text/plain",
                "document_id", en))).statusCode(200).body("items.document.id", everyItem(is(en)));
        post(ws.token(), query, Map.of("query", "vacation", "filter", Map.of("author", "x"))).statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("filter.author"));
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/documents", Map.of("text", "x",
                "metadata", Map.of("bad key!", "v"))).statusCode(400).body("code", is("INVALID_INPUT"));
        // the internal search (the tool's) takes the same filter
        post(ws.serviceToken(), "/internal/knowledge-bases/search", Map.of("knowledge_base_ids", List.of(kb),
                "query", "vacation days", "filter", Map.of("metadata.lang", "de"))).statusCode(200)
                .body("items.document.id", everyItem(is(de)));
    }
}
