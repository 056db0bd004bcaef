package dev.agentplane.e2e;

import dev.agentplane.e2e.support.Platform;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

/** Knowledge bases through the gateway: documents inline and from uploads, ingestion, search, isolation. */
class KnowledgeE2ETest {
    private static final String MANUAL = """
            # Office manual

            ## Parking
            Visitors park on level minus two of the garage and show their badge at the gate.

            ## Coffee
            The espresso machine on the third floor is descaled every Friday afternoon.
            """;

    @Test
    void ingestSearchDeleteAndIsolation() {
        Platform.Workspace ws = Platform.newWorkspace();
        String kb = ws.given().contentType(ContentType.JSON).body(Map.of("name", "Office", "chunking",
                        Map.of("size", 64, "overlap", 8)))
                .when().post("/v1/knowledge-bases").then().statusCode(201).extract().path("id");
        String inline = ws.given().contentType(ContentType.JSON).body(Map.of("title", "manual.md", "text", MANUAL))
                .when().post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(202)
                .body("status", is("pending")).extract().path("id");
        // an uploaded PDF: knowledge-service reads its text from attachment-service on the workspace's behalf
        String key = ws.given().multiPart("file", "holidays.pdf", AttachmentsE2ETest.pdf("the office is closed on "
                        + "the second Monday of August"))
                .when().post("/v1/attachments").then().statusCode(201).extract().path("storage_key");
        String pdf = ws.given().contentType(ContentType.JSON).body(Map.of("storage_key", key))
                .when().post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(202)
                .body("source", is("attachment"), "title", is("holidays.pdf")).extract().path("id");
        ready(ws, kb, inline);
        ready(ws, kb, pdf);

        search(ws, kb, "Where can visitors park their car?").statusCode(200)
                .body("items[0].text", containsString("level minus two"), "items[0].heading", is("Office manual > Parking"),
                        "items[0].document.id", is(inline), "items[0].score", greaterThan(0.3f));
        search(ws, kb, "When is the office closed?").statusCode(200)
                .body("items[0].document.id", is(pdf), "items[0].document.storage_key", is(key),
                        "items[0].text", containsString("second Monday of August"));
        // the same content again is a no-op
        ws.given().contentType(ContentType.JSON).body(Map.of("text", MANUAL))
                .when().post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(200).body("id", is(inline));

        Platform.Workspace other = Platform.newWorkspace();
        other.given().when().get("/v1/knowledge-bases/" + kb).then().statusCode(404)
                .contentType("application/problem+json").body("code", is("KNOWLEDGE_BASE_NOT_FOUND"));
        search(other, kb, "parking").statusCode(404);
        other.given().when().get("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(404);
        other.given().when().delete("/v1/knowledge-bases/" + kb + "/documents/" + inline).then().statusCode(404);

        // an agent may name only its own workspace's bases (the registry asks knowledge-service)
        other.given().contentType(ContentType.JSON).body(Map.of("name", "Borrower", "knowledge_bases", List.of(kb)))
                .when().post("/v1/agents").then().statusCode(400).contentType("application/problem+json")
                .body("issues[0].code", is("UNKNOWN_KNOWLEDGE_BASE"), "issues[0].pointer", is("/knowledge_bases/0"));
        ws.given().contentType(ContentType.JSON).body(Map.of("name", "Typo", "knowledge_bases", List.of("kb_no_such")))
                .when().post("/v1/agents").then().statusCode(400).body("issues[0].code", is("UNKNOWN_KNOWLEDGE_BASE"));
        ws.given().contentType(ContentType.JSON).body(Map.of("name", "Reader", "knowledge_bases", List.of(kb)))
                .when().post("/v1/agents").then().statusCode(201);

        ws.given().when().delete("/v1/knowledge-bases/" + kb + "/documents/" + pdf).then().statusCode(204);
        search(ws, kb, "When is the office closed?").statusCode(200).body("items.document.id", not(hasItem(pdf)));
        ws.given().when().delete("/v1/knowledge-bases/" + kb).then().statusCode(204);
        ws.given().when().get("/v1/knowledge-bases/" + kb).then().statusCode(404);
    }

    @Test
    void anAgentAnswersFromItsKnowledgeBaseAndCitesTheSource() {
        Platform.Workspace ws = Platform.newWorkspace();
        String kb = ws.given().contentType(ContentType.JSON).body(Map.of("name", "Calendar", "metric_type", "COSINE"))
                .when().post("/v1/knowledge-bases").then().statusCode(201).extract().path("id");
        String key = ws.given().multiPart("file", "holidays.pdf", AttachmentsE2ETest.pdf("the office is closed on "
                        + "the second Monday of August"))
                .when().post("/v1/attachments").then().statusCode(201).extract().path("storage_key");
        String pdf = ws.given().contentType(ContentType.JSON).body(Map.of("storage_key", key, "metadata",
                        Map.of("lang", "en"))).when().post("/v1/knowledge-bases/" + kb + "/documents").then()
                .statusCode(202).extract().path("id");
        String manual = ws.given().contentType(ContentType.JSON).body(Map.of("title", "manual.md", "text", MANUAL))
                .when().post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(202).extract().path("id");
        ready(ws, kb, pdf);
        ready(ws, kb, manual);
        // the PDF's pages are numbered (form feeds from the text extraction); filters narrow the query
        ws.given().contentType(ContentType.JSON).body(Map.of("query", "When is the office closed?", "top_k", 3,
                        "filter", Map.of("metadata.lang", "en")))
                .when().post("/v1/knowledge-bases/" + kb + "/query").then().statusCode(200)
                .body("items.document.id", everyItem(is(pdf)), "items[0].page", oneOf(1, 2));

        String agent = ws.given().contentType(ContentType.JSON).body(Map.of("name", "Concierge",
                        "system_prompt", "Answer from the knowledge base and cite the source.", "knowledge_bases",
                        List.of(kb), "llm_config", Map.of("provider", "openai", "model", "sim-1", "max_tokens", 200)))
                .when().post("/v1/agents").then().statusCode(201).extract().path("id");
        // the simulator calls the tool, then answers "Tool said: <tool result>": the model's input held the chunk
        io.restassured.response.Response run = ws.given().contentType(ContentType.JSON).body(Map.of("message",
                        "When is the office closed? [sim:tool=knowledge_base_search] "
                                + "[sim:args={\"query\":\"when is the office closed\",\"top_k\":2}]"))
                .when().post("/v1/agents/" + agent + "/execute");
        run.then().statusCode(200).body("status", is("completed"),
                "output.text", allOf(startsWith("Tool said:"), containsString("second Monday of August"),
                        matchesPattern("(?s).*\"source\":\"holidays\\.pdf, page [12]\".*")));
        String toolResult = run.path("messages.find { it.role == 'tool' }.content");
        org.junit.jupiter.api.Assertions.assertTrue(toolResult.contains("\"document\":\"holidays.pdf\"")
                && toolResult.contains("\"document_id\":\"" + pdf + "\"") && toolResult.contains("\"page\":"),
                toolResult);
    }

    private static io.restassured.response.ValidatableResponse search(Platform.Workspace ws, String kb, String q) {
        return ws.given().contentType(ContentType.JSON).body(Map.of("query", q, "top_k", 3))
                .when().post("/v1/knowledge-bases/" + kb + "/search").then();
    }

    private static void ready(Platform.Workspace ws, String kb, String doc) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            String status = ws.given().when().get("/v1/knowledge-bases/" + kb + "/documents/" + doc).then()
                    .statusCode(200).extract().path("status");
            if ("failed".equals(status)) {
                throw new AssertionError("document " + doc + " failed: " + ws.given().when()
                        .get("/v1/knowledge-bases/" + kb + "/documents/" + doc).asString());
            }
            return "ready".equals(status);
        });
    }

}
