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
    void aStuckDocumentIsIngestedAgain() {
        String kb = Api.base(ws.token(), "Recovery");
        String doc = Api.inline(ws.token(), kb, "kitchen", IngestionTest.KITCHEN);
        assertEquals("ready", Api.settled(ws.token(), kb, doc));
        // as if its replica died while processing it, long ago, with no work item left on Kafka
        rows.stall(UUID.fromString(doc));
        assertEquals("ready", Api.settled(ws.token(), kb, doc));
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + kb + "/documents/" + doc).then()
                .body("chunk_count", is(1), "progress", is(100));
        Api.search(ws.token(), kb, "espresso").body("items[0].document.id", is(doc));
    }

    /** Direct changes to the rows, standing in for a crash. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class Rows {
        @Inject
        EntityManager em;

        @Transactional
        public void stall(UUID document) {
            em.createNativeQuery("delete from kb_chunk where document_id = ?1").setParameter(1, document).executeUpdate();
            em.createNativeQuery("update kb_document set status = 'processing', progress = 40, chunk_count = 0, "
                    + "attempts = 1, updated_at = now() - interval '1 hour' where id = ?1").setParameter(1, document)
                    .executeUpdate();
            em.createNativeQuery("update knowledge_base set revision = revision + 1 where id = "
                    + "(select knowledge_base_id from kb_document where id = ?1)").setParameter(1, document)
                    .executeUpdate();
        }
    }
}
