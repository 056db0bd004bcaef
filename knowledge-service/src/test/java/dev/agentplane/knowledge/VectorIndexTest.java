package dev.agentplane.knowledge;

import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.knowledge.embed.Embedder;
import dev.agentplane.knowledge.embed.Vectors;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.agentplane.knowledge.Api.post;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Vector search through the HNSW index: the exact answer on a small base, current after changes, one workspace. */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
class VectorIndexTest {
    static final List<String> FACTS = List.of(
            "The cafeteria serves lunch from noon until two.",
            "Parking permits are renewed every January at the front desk.",
            "The VPN requires the WireGuard client and a hardware key.",
            "Expense reports are due on the fifth working day of the month.",
            "Fire drills take place on the first Tuesday of each quarter.",
            "The library lends laptops for up to three days.",
            "New employees receive their badge on the first morning.",
            "Printers on the fourth floor print double-sided by default.");
    private static final List<String> QUERIES = List.of("when can I eat lunch", "how do I connect remotely",
            "when is the fire drill", "borrowing a computer", "submitting expenses", "getting my badge");

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Inject
    Embedder embedder;
    @Inject
    AgroalDataSource db;

    @Test
    void resultsEqualExactSearchAndFollowAddsAndDeletes() throws SQLException {
        String kb = Api.base(ws.token(), "Office facts");
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < FACTS.size(); i++) {
            docs.add(Api.inline(ws.token(), kb, "fact-" + i, FACTS.get(i)));
        }
        docs.forEach(d -> assertEquals("ready", Api.settled(ws.token(), kb, d)));
        for (String q : QUERIES) {
            List<String> found = query(kb, Map.of("query", q, "top_k", 5, "min_score", -1)).extract()
                    .path("items.chunk_id");
            assertEquals(exact(kb, q, 5), found, q);
        }
        // a document added after the index was built is found: the base's revision moved, the index follows
        String late = Api.inline(ws.token(), kb, "late", "The rooftop garden opens for staff in May.");
        assertEquals("ready", Api.settled(ws.token(), kb, late));
        query(kb, Map.of("query", "when does the roof garden open", "top_k", 1)).body("items[0].document.id", is(late));
        assertEquals(exact(kb, "when does the roof garden open", 3),
                query(kb, Map.of("query", "when does the roof garden open", "top_k", 3, "min_score", -1)).extract()
                        .path("items.chunk_id"));

        // a deleted document leaves the results at once, even when asked for by id
        Api.delete(ws.token(), kb, docs.get(2));
        query(kb, Map.of("query", "how do I connect remotely", "top_k", 8, "min_score", -1))
                .body("items.document.id", not(hasItem(docs.get(2))), "items.size()", is(8));
        query(kb, Map.of("query", "VPN", "filter", Map.of("document_id", docs.get(2)))).body("items", empty());
    }

    @Test
    void anotherWorkspacesBaseNeverAnswers() {
        TestTokens.Workspace other = TestTokens.newWorkspace();
        String theirs = Api.base(other.token(), "Theirs");
        String secret = Api.inline(other.token(), theirs, "secret", "The vault code is kept by the night porter.");
        String mine = Api.base(ws.token(), "Mine");
        String doc = Api.inline(ws.token(), mine, "porter", "The night porter locks the main door at ten.");
        assertEquals("ready", Api.settled(other.token(), theirs, secret));
        assertEquals("ready", Api.settled(ws.token(), mine, doc));
        query(mine, Map.of("query", "vault code night porter", "top_k", 10, "min_score", -1))
                .body("items.knowledge_base_id", everyItem(is(mine)), "items.document.id", not(hasItem(secret)));
        post(ws.token(), "/v1/knowledge-bases/" + theirs + "/query", Map.of("query", "vault code")).statusCode(404)
                .body("code", is("KNOWLEDGE_BASE_NOT_FOUND"));
        post(ws.token(), "/v1/knowledge-bases/" + mine + "/query",
                Map.of("query", "vault code", "filter", Map.of("document_id", secret))).statusCode(200)
                .body("items", empty());
    }

    private io.restassured.response.ValidatableResponse query(String kb, Map<String, Object> body) {
        return post(ws.token(), "/v1/knowledge-bases/" + kb + "/query", body).statusCode(200);
    }

    /** The top k chunk ids by an exact scan of the stored vectors (what HNSW approximates). */
    private List<String> exact(String kb, String query, int k) throws SQLException {
        float[] q = embedder.embed(query);
        record Scored(String id, float score) {
        }
        List<Scored> all = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select id, embedding from knowledge.kb_chunk "
                     + "where knowledge_base_id = ?")) {
            s.setObject(1, UUID.fromString(kb));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    all.add(new Scored(Long.toString(rows.getLong(1)), Vectors.dot(q,
                            Vectors.fromBytes(rows.getBytes(2)))));
                }
            }
        }
        return all.stream().sorted(Comparator.comparingDouble(Scored::score).reversed()).limit(k).map(Scored::id)
                .toList();
    }
}
