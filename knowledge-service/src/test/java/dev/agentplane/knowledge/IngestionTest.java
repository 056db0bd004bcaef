package dev.agentplane.knowledge;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.agentplane.knowledge.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Documents are ingested asynchronously (Kafka), deduplicated by content, and deleted with their chunks. */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
class IngestionTest {
    static final String VACATION = """
            # Leave policy

            ## Vacation
            Every employee receives twenty-eight days of paid vacation per calendar year. Unused days expire in March.

            ## Sick leave
            Report sick leave to your manager before ten in the morning. A doctor's note is needed from the third day.
            """;
    static final String KITCHEN = "The office kitchen closes at six. The espresso machine is descaled on Fridays.";

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void inlineDocumentIsIngestedAndFound() {
        String kb = Api.base(ws.token(), "HR");
        String doc = post(ws.token(), "/v1/knowledge-bases/" + kb + "/documents",
                Map.of("title", "leave.md", "text", VACATION)).statusCode(202)
                .body("status", is("pending"), "progress", is(0), "source", is("inline"), "title", is("leave.md"),
                        "content_hash", hasLength(64), "knowledge_base_id", is(kb)).extract().path("id");
        Api.inline(ws.token(), kb, "kitchen", KITCHEN);
        assertEquals("ready", Api.settled(ws.token(), kb, doc));
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + kb + "/documents/" + doc).then()
                .body("progress", is(100), "chunk_count", greaterThanOrEqualTo(2), "failure", nullValue());

        Api.search(ws.token(), kb, "How many vacation days do I get?").statusCode(200)
                .body("embedding_model", is("all-minilm-l6-v2"),
                        "items[0].text", containsString("twenty-eight days"),
                        "items[0].heading", is("Leave policy > Vacation"),
                        "items[0].document.id", is(doc), "items[0].document.title", is("leave.md"),
                        "items[0].knowledge_base_id", is(kb), "items[0].position", is(0),
                        "items[0].score", greaterThan(0.4f), "items.size()", lessThanOrEqualTo(3));
        // scores are ordered, and min_score cuts
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/search", Map.of("query", "espresso machine cleaning",
                "top_k", 1, "min_score", 0.3)).statusCode(200)
                .body("items.size()", is(1), "items[0].text", containsString("descaled"));
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/search", Map.of("query", "quantum chromodynamics",
                "min_score", 0.99)).statusCode(200).body("items", empty());
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + kb).then()
                .body("document_count", is(2), "chunk_count", greaterThanOrEqualTo(3));
    }

    @Test
    void sameContentTwiceIsANoOp() {
        String kb = Api.base(ws.token(), "Dedupe");
        String first = Api.inline(ws.token(), kb, "a", KITCHEN);
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/documents", Map.of("title", "b", "text", KITCHEN))
                .statusCode(200).body("id", is(first));
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + kb + "/documents").then()
                .body("items.size()", is(1), "pagination.total", is(1));
    }

    @Test
    void deletingADocumentRemovesItsChunksFromResults() {
        String kb = Api.base(ws.token(), "Delete");
        String doc = Api.inline(ws.token(), kb, "kitchen", KITCHEN);
        assertEquals("ready", Api.settled(ws.token(), kb, doc));
        Api.search(ws.token(), kb, "espresso").body("items.size()", is(1));
        given().auth().oauth2(ws.token()).when().delete("/v1/knowledge-bases/" + kb + "/documents/" + doc)
                .then().statusCode(204);
        Api.search(ws.token(), kb, "espresso").statusCode(200).body("items", empty());
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + kb + "/documents/" + doc)
                .then().statusCode(404).body("code", is("DOCUMENT_NOT_FOUND"));
        // deleting the base takes everything with it
        given().auth().oauth2(ws.token()).when().delete("/v1/knowledge-bases/" + kb).then().statusCode(204);
        Api.search(ws.token(), kb, "espresso").statusCode(404);
    }

    @Test
    void documentInputLimits() {
        String kb = Api.base(ws.token(), "Limits");
        String docs = "/v1/knowledge-bases/" + kb + "/documents";
        post(ws.token(), docs, Map.of()).statusCode(400).body("code", is("INVALID_INPUT"));
        post(ws.token(), docs, Map.of("text", "a", "storage_key", "attachments/x/y.md")).statusCode(400);
        post(ws.token(), docs, Map.of("text", "   ")).statusCode(400).body("errors[0].field", is("text"));
        post(ws.token(), docs, Map.of("text", "x".repeat(200_001))).statusCode(400);
        post(ws.token(), docs, Map.of("storage_key", "../../etc/passwd")).statusCode(400)
                .body("errors[0].field", is("storage_key"));
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/search", Map.of("query", "")).statusCode(400);
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/search", Map.of("query", "q", "top_k", 500)).statusCode(400);
        given().auth().oauth2(ws.token()).queryParam("status", "bogus").when().get(docs).then().statusCode(400);
    }

    @Test
    void aDocumentOfTooManyChunksFailsWithAReason() {
        String kb = post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Small chunks",
                "chunking", Map.of("size", 32, "overlap", 0))).statusCode(201).extract().path("id");
        String text = "This sentence about nothing in particular fills up space in the chunk. ".repeat(120);
        String doc = Api.inline(ws.token(), kb, "long", text);
        assertEquals("failed", Api.settled(ws.token(), kb, doc));
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + kb + "/documents/" + doc).then()
                .body("failure.code", is("DOCUMENT_TOO_LARGE"), "failure.message", containsString("at most 40"));
        given().auth().oauth2(ws.token()).queryParam("status", "failed")
                .when().get("/v1/knowledge-bases/" + kb + "/documents").then().body("items.id", contains(doc));
    }

    @Test
    void attachmentDocumentsUseTheExtractedText() {
        String key = "attachments/" + ws.workspaceId() + "/manual.md";
        String sha = "a".repeat(64);
        AttachmentServiceStub.server().stubFor(WireMock.get("/internal/attachments/" + key)
                .withHeader("Authorization", WireMock.matching("Bearer .+"))
                .willReturn(WireMock.okJson("{\"storage_key\":\"" + key + "\",\"filename\":\"manual.md\","
                        + "\"content_type\":\"text/markdown\",\"size\":80,\"sha256\":\"" + sha + "\"}")));
        AttachmentServiceStub.server().stubFor(WireMock.get("/internal/attachments/" + key + "/text")
                .withHeader("Authorization", WireMock.matching("Bearer .+"))
                .willReturn(WireMock.okJson("{\"storage_key\":\"" + key + "\",\"content_type\":\"text/markdown\","
                        + "\"text\":\"# Parking\\n\\nVisitors park in level minus two of the garage.\",\"truncated\":false}")));
        String kb = Api.base(ws.token(), "Attachments");
        String doc = post(ws.token(), "/v1/knowledge-bases/" + kb + "/documents", Map.of("storage_key", key))
                .statusCode(202).body("source", is("attachment"), "storage_key", is(key), "title", is("manual.md"),
                        "content_type", is("text/markdown"), "content_hash", is(sha)).extract().path("id");
        assertEquals("ready", Api.settled(ws.token(), kb, doc));
        Api.search(ws.token(), kb, "where do visitors park").body("items[0].document.storage_key", is(key),
                "items[0].heading", is("Parking"));
        // the same attachment again is a no-op
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/documents", Map.of("storage_key", key)).statusCode(200)
                .body("id", is(doc));
    }

    @Test
    void unusableAttachments() {
        String kb = Api.base(ws.token(), "Bad attachments");
        String docs = "/v1/knowledge-bases/" + kb + "/documents";
        String missing = "attachments/" + ws.workspaceId() + "/missing.md";
        AttachmentServiceStub.server().stubFor(WireMock.get("/internal/attachments/" + missing)
                .willReturn(WireMock.aResponse().withStatus(404)));
        post(ws.token(), docs, Map.of("storage_key", missing)).statusCode(400).body("errors[0].field", is("storage_key"));
        String image = "attachments/" + ws.workspaceId() + "/cat.png";
        AttachmentServiceStub.server().stubFor(WireMock.get("/internal/attachments/" + image)
                .willReturn(WireMock.okJson("{\"storage_key\":\"" + image + "\",\"filename\":\"cat.png\","
                        + "\"content_type\":\"image/png\",\"size\":8,\"sha256\":\"" + "b".repeat(64) + "\"}")));
        post(ws.token(), docs, Map.of("storage_key", image)).statusCode(400).body("code", is("ATTACHMENT_NOT_USABLE"));
        // deleted between the add and the ingestion: the document fails with a reason
        String gone = "attachments/" + ws.workspaceId() + "/gone.pdf";
        AttachmentServiceStub.server().stubFor(WireMock.get("/internal/attachments/" + gone)
                .willReturn(WireMock.okJson("{\"storage_key\":\"" + gone + "\",\"filename\":\"gone.pdf\","
                        + "\"content_type\":\"application/pdf\",\"size\":8,\"sha256\":\"" + "c".repeat(64) + "\"}")));
        AttachmentServiceStub.server().stubFor(WireMock.get("/internal/attachments/" + gone + "/text")
                .willReturn(WireMock.aResponse().withStatus(404)));
        String doc = post(ws.token(), docs, Map.of("storage_key", gone)).statusCode(202).extract().path("id");
        assertEquals("failed", Api.settled(ws.token(), kb, doc));
        given().auth().oauth2(ws.token()).when().get(docs + "/" + doc).then()
                .body("failure.code", is("TEXT_UNAVAILABLE"));
    }
}
