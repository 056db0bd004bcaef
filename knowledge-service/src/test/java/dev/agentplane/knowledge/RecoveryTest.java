package dev.agentplane.knowledge;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A document whose work item was lost (or whose replica died mid-way) is handed out again by the sweep. */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
class RecoveryTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Inject
    Rows rows;

    @Test
    void aDocumentLeftProcessingByADeadReplicaIsIngestedAgain() {
        String kb = Api.base(ws.token(), "Recovery");
        // as if a replica claimed it long ago and died, with no work item left on Kafka
        String doc = rows.stuckDocument(UUID.fromString(kb), ws.workspaceId(), IngestionTest.KITCHEN).toString();
        assertEquals("ready", Api.settled(ws.token(), kb, doc));
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + kb + "/documents/" + doc).then()
                .body("chunk_count", is(1), "progress", is(100), "status", is("ready"));
        Api.search(ws.token(), kb, "espresso").body("items[0].document.id", is(doc));
    }

    /** Direct changes to the rows, standing in for a crash. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class Rows {
        @Inject
        EntityManager em;

        @Transactional
        public UUID stuckDocument(UUID base, String workspace, String text) {
            UUID id = UUID.randomUUID();
            em.createNativeQuery("insert into kb_document (id, knowledge_base_id, workspace_id, source, title, "
                            + "content_type, content_hash, inline_text, status, progress, attempts, created_at, updated_at) "
                            + "values (?1, ?2, ?3, 'inline', 'stuck', 'text/plain', ?4, ?5, 'processing', 40, 1, "
                            + "now() - interval '1 hour', now() - interval '1 hour')")
                    .setParameter(1, id).setParameter(2, base).setParameter(3, workspace)
                    .setParameter(4, "f".repeat(64)).setParameter(5, text).executeUpdate();
            return id;
        }
    }
}
