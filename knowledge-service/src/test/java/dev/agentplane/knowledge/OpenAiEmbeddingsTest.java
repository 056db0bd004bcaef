package dev.agentplane.knowledge;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.agentplane.knowledge.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A knowledge base on the operator's OpenAI-compatible embedding model, checked at the wire (WireMock). */
@QuarkusTest
@WithTestResource(value = AttachmentServiceStub.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OpenAiEmbeddingsStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class OpenAiEmbeddingsTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void documentsAreEmbeddedInBatchesAndQueriesByTheSameModel() {
        post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Nope", "embedding_model", "text-embedding-9"))
                .statusCode(400).body("errors[0].message", containsString(OpenAiEmbeddingsStub.MODEL));
        String kb = post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Remote", "embedding_model",
                OpenAiEmbeddingsStub.MODEL, "chunking", Map.of("size", 32, "overlap", 0))).statusCode(201)
                .body("embedding_model", is(OpenAiEmbeddingsStub.MODEL), "dimensions", is(8)).extract().path("id");
        String text = IntStream.range(0, 40).mapToObj(i -> "Handbook rule " + i + ": "
                        + (i == 7 ? "the vpn needs a hardware key and the client." : "the parking garage has level " + i
                        + " for visitors and staff."))
                .collect(Collectors.joining("\n\n"));
        String doc = Api.inline(ws.token(), kb, "handbook", text);
        assertEquals("ready", Api.settled(ws.token(), kb, doc), () -> given().auth().oauth2(ws.token())
                .get("/v1/knowledge-bases/" + kb + "/documents/" + doc).asString());
        int chunks = given().auth().oauth2(ws.token()).get("/v1/knowledge-bases/" + kb + "/documents/" + doc)
                .then().extract().path("chunk_count");

        List<LoggedRequest> calls = OpenAiEmbeddingsStub.server().findAll(WireMock.postRequestedFor(
                WireMock.urlEqualTo("/v1/embeddings")).withRequestBody(WireMock.containing("Handbook rule")));
        List<Integer> batches = calls.stream().map(r -> JsonPath.from(r.getBodyAsString()).getList("input").size())
                .toList();
        assertEquals(chunks, batches.stream().mapToInt(Integer::intValue).sum(), "every chunk embedded once");
        assertEquals(16, batches.get(0), "batches of ingestion.batch-size texts: " + batches);
        assertEquals((chunks + 15) / 16, batches.size(), "batches of ingestion.batch-size texts: " + batches);
        JsonPath first = JsonPath.from(calls.get(0).getBodyAsString());
        assertEquals(OpenAiEmbeddingsStub.MODEL, first.getString("model"));
        assertEquals(8, first.getInt("dimensions"));
        assertEquals("float", first.getString("encoding_format"));
        assertEquals("Bearer " + OpenAiEmbeddingsStub.KEY, calls.get(0).getHeader("Authorization"));

        // the query goes to the same model: the one vpn chunk is the nearest
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/query", Map.of("query", "how do I use the VPN?", "top_k", 1))
                .statusCode(200).body("embedding_model", is(OpenAiEmbeddingsStub.MODEL),
                        "items[0].text", containsString("vpn needs a hardware key"));
        OpenAiEmbeddingsStub.server().verify(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/embeddings"))
                .withRequestBody(WireMock.matchingJsonPath("$.input[0]", WireMock.equalTo("how do I use the VPN?"))));
    }

    @Test
    void aRefusalFailsTheDocumentWithItsReason() {
        String kb = post(ws.token(), "/v1/knowledge-bases", Map.of("name", "Refused", "embedding_model",
                OpenAiEmbeddingsStub.MODEL)).statusCode(201).extract().path("id");
        String poison = Api.inline(ws.token(), kb, "poison", "This text carries POISON for the endpoint.");
        String expired = Api.inline(ws.token(), kb, "expired", "This one makes the endpoint say EXPIRED.");
        assertEquals("failed", Api.settled(ws.token(), kb, poison));
        assertEquals("failed", Api.settled(ws.token(), kb, expired));
        given().auth().oauth2(ws.token()).get("/v1/knowledge-bases/" + kb + "/documents/" + poison).then()
                .body("failure.code", is("EMBEDDING_FAILED"), "failure.message", allOf(containsString("400"),
                        containsString(OpenAiEmbeddingsStub.MODEL)), "progress", lessThan(100));
        String message = given().auth().oauth2(ws.token()).get("/v1/knowledge-bases/" + kb + "/documents/" + expired)
                .then().body("failure.code", is("EMBEDDING_FAILED"), "failure.message", containsString("401"))
                .extract().path("failure.message");
        assertFalse(message.contains(OpenAiEmbeddingsStub.KEY), "the key is never shown");
        // the endpoint refusing a query is a 503 with a reason, not an empty answer
        post(ws.token(), "/v1/knowledge-bases/" + kb + "/query", Map.of("query", "POISON")).statusCode(503)
                .body("code", is("EMBEDDING_SERVICE_UNAVAILABLE"));
    }
}
