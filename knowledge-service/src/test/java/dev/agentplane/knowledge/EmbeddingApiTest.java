package dev.agentplane.knowledge;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.agentplane.knowledge.Api.post;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embeddings other services use for memory: unit vectors, paraphrases close, service scope only. */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
class EmbeddingApiTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void paraphrasesAreCloserThanUnrelatedFacts() {
        List<List<Float>> v = post(ws.serviceToken(), "/internal/embeddings", Map.of("texts", List.of(
                "The user lives in Lyon.", "The user's home is in Lyon.", "The user owns a red bicycle.")))
                .statusCode(200).body("model", is("all-minilm-l6-v2"), "dimensions", is(384),
                        "embeddings.size()", is(3), "embeddings[0].size()", is(384))
                .extract().path("embeddings");
        double same = dot(v.get(0), v.get(1));
        double other = dot(v.get(0), v.get(2));
        assertTrue(Math.abs(dot(v.get(0), v.get(0)) - 1) < 1e-3, "unit length");
        assertTrue(same > 0.8 && other < 0.5, "paraphrase " + same + ", unrelated " + other);
    }

    @Test
    void limitsAndScope() {
        post(ws.token(), "/internal/embeddings", Map.of("texts", List.of("x"))).statusCode(403);
        post(ws.serviceToken(), "/internal/embeddings", Map.of("texts", List.of())).statusCode(400);
        post(ws.serviceToken(), "/internal/embeddings", Map.of("texts", Collections.nCopies(33, "x"))).statusCode(400);
        post(ws.serviceToken(), "/internal/embeddings", Map.of("texts", List.of("x".repeat(4001)))).statusCode(400)
                .body("code", is("INVALID_INPUT"));
    }

    private static double dot(List<Float> a, List<Float> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += ((Number) a.get(i)).doubleValue() * ((Number) b.get(i)).doubleValue();
        }
        return sum;
    }
}
