package dev.agentplane.knowledge;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.agentplane.knowledge.Api.post;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keyword (full text) and hybrid (reciprocal rank fusion) search beside vector search. */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
class SearchModesTest {
    private static final String ERRORS = """
            # Badge readers

            Error ZX-4471 on a badge reader means it lost power; call facilities.

            The reader beeps twice when a badge has expired.
            """;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void keywordFindsExactCodesAndHybridFusesBothLists() {
        String kb = Api.base(ws.token(), "Modes");
        String doc = Api.inline(ws.token(), kb, "errors", ERRORS);
        String kitchen = Api.inline(ws.token(), kb, "kitchen", IngestionTest.KITCHEN);
        assertEquals("ready", Api.settled(ws.token(), kb, doc));
        assertEquals("ready", Api.settled(ws.token(), kb, kitchen));
        String search = "/v1/knowledge-bases/" + kb + "/search";

        post(ws.token(), search, Map.of("query", "ZX-4471", "mode", "keyword")).statusCode(200)
                .body("mode", is("keyword"), "items.size()", is(1), "items[0].text", containsString("ZX-4471"),
                        "items[0].score", greaterThan(0f));
        post(ws.token(), search, Map.of("query", "zzzz-nothing-like-this", "mode", "keyword")).statusCode(200)
                .body("items", empty());
        // hybrid: the code by its words, the coffee chunk by meaning; both lists' best are in the answer
        post(ws.token(), search, Map.of("query", "ZX-4471 and when is the espresso machine cleaned", "mode", "hybrid",
                "top_k", 3)).statusCode(200)
                // fused scores: at most 1/61 from each list
                .body("mode", is("hybrid"), "items[0].score", lessThanOrEqualTo(0.0328f),
                        "items.text", hasItem(containsString("ZX-4471")),
                        "items.text", hasItem(containsString("descaled")));
        post(ws.token(), search, Map.of("query", "espresso", "mode", "semantic")).statusCode(400)
                .body("code", is("INVALID_INPUT"));
        post(ws.token(), search, Map.of("query", "espresso")).statusCode(200).body("mode", is("vector"));
    }

    @Test
    void aCodeOfASeriesMatchesItselfFirst() {
        String kb = Api.base(ws.token(), "Parts");
        String hinge = Api.inline(ws.token(), kb, "hinge", "Part PN-4711 is the door hinge, release v2.3.");
        String latch = Api.inline(ws.token(), kb, "latch", "Part PN-4712 is the door latch, release v2.4.");
        assertEquals("ready", Api.settled(ws.token(), kb, hinge));
        assertEquals("ready", Api.settled(ws.token(), kb, latch));
        String search = "/v1/knowledge-bases/" + kb + "/search";
        // the query is split as the chunks were: '-4711' is a word of the hinge only
        post(ws.token(), search, Map.of("query", "PN-4711", "mode", "keyword")).statusCode(200)
                .body("items[0].document.title", is("hinge"));
        post(ws.token(), search, Map.of("query", "PN-4712", "mode", "keyword")).statusCode(200)
                .body("items[0].document.title", is("latch"));
        post(ws.token(), search, Map.of("query", "which part has release v2.4?", "mode", "keyword")).statusCode(200)
                .body("items[0].document.title", is("latch"));
        post(ws.token(), search, Map.of("query", "--- ...", "mode", "keyword")).statusCode(200).body("items", empty());
    }
}
