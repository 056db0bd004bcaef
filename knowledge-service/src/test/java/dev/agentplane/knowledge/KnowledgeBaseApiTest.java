package dev.agentplane.knowledge;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.agentplane.knowledge.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Creating, listing, changing and deleting knowledge bases; the limits and errors a user meets. */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
class KnowledgeBaseApiTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void createGetListUpdateDelete() {
        String id = post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Handbook", "description", "HR rules",
                "chunking", Map.of("size", 120, "overlap", 20))).statusCode(201)
                .body("name", is("Handbook"), "description", is("HR rules"), "embedding_model", is("all-minilm-l6-v2"),
                        "dimensions", is(384), "chunking.size", is(120), "chunking.overlap", is(20),
                        "document_count", is(0), "chunk_count", is(0), "created_at", notNullValue())
                .extract().path("id");
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + id).then().statusCode(200)
                .body("id", is(id), "name", is("Handbook"));
        Api.base(ws.token(), "Another");
        given().auth().oauth2(ws.token()).queryParam("sort", "name").queryParam("order", "asc")
                .when().get("/v1/knowledge-bases").then().statusCode(200)
                .body("items.name", contains("Another", "Handbook"), "pagination.total", is(2));
        given().auth().oauth2(ws.token()).contentType(ContentType.JSON).body(Map.of("name", "Staff handbook"))
                .when().patch("/v1/knowledge-bases/" + id).then().statusCode(200)
                .body("name", is("Staff handbook"), "description", is("HR rules"), "chunking.size", is(120));
        given().auth().oauth2(ws.token()).when().delete("/v1/knowledge-bases/" + id).then().statusCode(204);
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + id).then().statusCode(404)
                .body("code", is("KNOWLEDGE_BASE_NOT_FOUND"));
    }

    @Test
    void defaultsAndInvalidInput() {
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Defaults")).statusCode(201)
                .body("chunking.size", is(200), "chunking.overlap", is(30));
        post(ws.token(), "/v1/knowledge-bases", Map.of()).statusCode(400).body("code", is("INVALID_INPUT"));
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "x".repeat(201))).statusCode(400);
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "m", "embedding_model", "text-embedding-3-large"))
                .statusCode(400).body("errors[0].field", is("embedding_model"));
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "s", "chunking", Map.of("size", 5000)))
                .statusCode(400).body("errors[0].field", is("chunking.size"));
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "o", "chunking", Map.of("size", 100, "overlap", 80)))
                .statusCode(400).body("errors[0].field", is("chunking.overlap"));
        given().auth().oauth2(ws.token()).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/v1/knowledge-bases").then().statusCode(400);
    }

    @Test
    void namesAreUniquePerWorkspace() {
        Api.base(ws.token(), "Docs");
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Docs")).statusCode(409)
                .body("code", is("KNOWLEDGE_BASE_NAME_TAKEN"));
        // another workspace may use the name
        Api.base(TestTokens.newWorkspace().token(), "Docs");
    }

    @Test
    void anotherWorkspacesBaseIsNotFoundEverywhere() {
        String kb = Api.base(ws.token(), "Private");
        String other = TestTokens.newWorkspace().token();
        given().auth().oauth2(other).when().get("/v1/knowledge-bases/" + kb).then().statusCode(404)
                .body("code", is("KNOWLEDGE_BASE_NOT_FOUND"));
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("name", "Mine"))
                .when().patch("/v1/knowledge-bases/" + kb).then().statusCode(404);
        given().auth().oauth2(other).when().delete("/v1/knowledge-bases/" + kb).then().statusCode(404);
        given().auth().oauth2(other).when().get("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(404);
        post(other, "/v1/knowledge-bases/" + kb + "/documents", Map.of("text", "hello")).statusCode(404);
        post(other, "/v1/knowledge-bases/" + kb + "/search", Map.of("query", "hello")).statusCode(404);
        given().auth().oauth2(other).when().get("/v1/knowledge-bases").then().body("items", empty());
        // still there for its owner
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + kb).then().statusCode(200);
    }

    @Test
    void unknownIdsAndCredentials() {
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(ws.token()).when().get("/v1/knowledge-bases/" + UUID.randomUUID()).then().statusCode(404);
        given().when().get("/v1/knowledge-bases").then().statusCode(401).body("code", is("UNAUTHORIZED"));
        // execution keys (end users' apps) may neither manage nor read a base's contents
        String kb = Api.base(ws.token(), "Internal docs");
        post(ws.executeToken(), "/v1/knowledge-bases", Map.of("name", "nope")).statusCode(403);
        given().auth().oauth2(ws.executeToken()).when().get("/v1/knowledge-bases").then().statusCode(403);
        given().auth().oauth2(ws.executeToken()).when().get("/v1/knowledge-bases/" + kb + "/documents").then()
                .statusCode(403);
        post(ws.executeToken(), "/v1/knowledge-bases/" + kb + "/search", Map.of("query", "q")).statusCode(403);
    }
}
