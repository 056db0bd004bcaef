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

/** The search behind the knowledge_base_search tool: several bases of the token's workspace, never another's. */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
class InternalSearchTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void searchesEveryNamedBaseOfTheWorkspace() {
        String hr = Api.base(ws.token(), "HR");
        String it = Api.base(ws.token(), "IT");
        String a = Api.inline(ws.token(), hr, "vacation", IngestionTest.VACATION);
        String b = Api.inline(ws.token(), it, "vpn", "Connect to the VPN with the WireGuard client before opening the wiki.");
        assertEquals("ready", Api.settled(ws.token(), hr, a));
        assertEquals("ready", Api.settled(ws.token(), it, b));
        post(ws.serviceToken(), "/internal/knowledge-bases/search", Map.of("knowledge_base_ids", List.of(hr, it),
                "query", "how do I connect to the VPN", "top_k", 2)).statusCode(200)
                .body("items.size()", is(2), "items[0].knowledge_base_id", is(it),
                        "items[0].document.title", is("vpn"), "items[0].score", greaterThan(0.5f));
        // the public API with an end user's token may not use it
        post(ws.token(), "/internal/knowledge-bases/search", Map.of("knowledge_base_ids", List.of(hr),
                "query", "vpn")).statusCode(403);
    }

    @Test
    void anotherWorkspacesBaseIsNeverSearched() {
        TestTokens.Workspace other = TestTokens.newWorkspace();
        String theirs = Api.base(other.token(), "Secrets");
        String mine = Api.base(ws.token(), "Mine");
        post(ws.serviceToken(), "/internal/knowledge-bases/search", Map.of("knowledge_base_ids", List.of(mine, theirs),
                "query", "anything")).statusCode(404).body("code", is("KNOWLEDGE_BASE_NOT_FOUND"),
                        "detail", containsString(theirs));
        post(ws.serviceToken(), "/internal/knowledge-bases/lookup", Map.of("ids", List.of(mine, theirs, "nope")))
                .statusCode(200).body("found", contains(mine), "missing", contains(theirs, "nope"));
        post(ws.serviceToken(), "/internal/knowledge-bases/search", Map.of("knowledge_base_ids", List.of(),
                "query", "anything")).statusCode(400);
    }
}
