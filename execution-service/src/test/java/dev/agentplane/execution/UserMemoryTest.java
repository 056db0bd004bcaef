package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Long-term memory of an agent with enable_memory: the facts nearest the message reach the prompt; after the run a
 * model call extracts the user's facts, embedded by knowledge-service and stored by session-service.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class UserMemoryTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private void known(String user, String memoriesJson) {
        fakes.wm().register(post(urlPathEqualTo("/internal/memories/search")).atPriority(1)
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))
                .withRequestBody(matchingJsonPath("$.external_user_id", equalTo(user)))
                .willReturn(okJson("{\"memories\":" + memoriesJson + "}")));
    }

    private void extraction(String marker, String answer) {
        fakes.wm().register(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing(marker)).withRequestBody(containing("\"memory_facts\""))
                .willReturn(okJson(Fakes.completion(answer, 50, 20))));
    }

    @Test
    void theFactsNearestTheMessageReachThePrompt() {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, null);
        known("user-r", "[{\"id\":\"mem-1\",\"fact\":\"The user likes green tea\",\"score\":0.61}]");
        String marker = Fakes.marker();
        fakes.llm(marker, "Green tea it is", 10, 4);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", "What should I drink? " + marker, "external_user_id", "user-r"))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200)
                .body("output.text", is("Green tea it is"));
        String prompt = fakes.llmRequests(marker).get(0).getBodyAsString();
        assertTrue(prompt.contains("Known facts about the user:\\n- The user likes green tea"), prompt);
        // the message is embedded and the nearest 5 of this user and agent asked for
        fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/internal/embeddings"))
                .withRequestBody(matchingJsonPath("$.texts[0]", containing("What should I drink?"))));
        fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/internal/memories/search"))
                .withRequestBody(matchingJsonPath("$.agent_id", equalTo(agent)))
                .withRequestBody(matchingJsonPath("$.top_k", equalTo("5")))
                .withRequestBody(matchingJsonPath("$.embedding[0]", equalTo("1.0"))));
    }

    @Test
    void aModelCallExtractsTheUsersFactsAfterTheRun() {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, null);
        fakes.wm().register(post(urlPathEqualTo("/v1/conversations"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))
                .withRequestBody(matchingJsonPath("$.external_user_id", equalTo("user-42")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + session + "\",\"agent_id\":\"" + agent + "\"}")));
        known("user-42", "[{\"id\":\"mem-lyon\",\"fact\":\"The user lives in Lyon\",\"score\":0.7}]");
        String marker = Fakes.marker();
        fakes.llm(marker, "Welcome to Paris", 9, 4);
        extraction(marker, "{\"facts\":[{\"fact\":\"The user lives in Paris\",\"replaces\":\"mem-lyon\"},"
                + "{\"fact\":\"The user is called Ann\",\"replaces\":\"mem-of-someone-else\"},"
                + "{\"fact\":\"The user is called Ann\",\"replaces\":null}]}");
        String id = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "I am Ann and I moved to Paris. " + marker, "external_user_id", "user-42"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("session_id", is(session), "output.text", is("Welcome to Paris")).extract().path("execution_id");
        await().untilAsserted(() -> fakes.wm().verifyThat(postRequestedFor(urlPathEqualTo("/internal/memories"))
                .withRequestBody(matchingJsonPath("$.external_user_id", equalTo("user-42")))
                .withRequestBody(matchingJsonPath("$.agent_id", equalTo(agent)))
                .withRequestBody(matchingJsonPath("$.execution_id", equalTo(id)))
                .withRequestBody(matchingJsonPath("$.embedding_model", equalTo("all-minilm-l6-v2")))
                .withRequestBody(matchingJsonPath("$.facts.length()", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.facts[0].fact", equalTo("The user lives in Paris")))
                .withRequestBody(matchingJsonPath("$.facts[0].replaces", equalTo("mem-lyon")))
                .withRequestBody(matchingJsonPath("$.facts[0].embedding.length()", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.facts[1].fact", equalTo("The user is called Ann")))
                .withRequestBody(notContaining("mem-of-someone-else"))));
        String extractionPrompt = fakes.requests(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker)).withRequestBody(containing("memory_facts"))).get(0).getBodyAsString();
        assertTrue(extractionPrompt.contains("- [mem-lyon] The user lives in Lyon"), extractionPrompt);
        assertTrue(extractionPrompt.contains("Assistant: Welcome to Paris"), extractionPrompt);
    }

    @Test
    void memoryThatCannotBeReachedNeverFailsTheRun() {
        String agent = fakes.agent(ws);
        String session = fakes.session(ws, agent, null);
        fakes.wm().register(post(urlPathEqualTo("/internal/memories/search")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.external_user_id", equalTo("user-down")))
                .willReturn(aResponse().withStatus(500)));
        String marker = Fakes.marker();
        fakes.llm(marker, "Still here", 5, 2);
        extraction(marker, "this is not JSON");
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", "hello " + marker, "external_user_id", "user-down"))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200)
                .body("status", is("completed"), "output.text", is("Still here"));
        assertFalse(fakes.llmRequests(marker).get(0).getBodyAsString().contains("Known facts"));
        await().until(() -> fakes.requests(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker)).withRequestBody(containing("memory_facts"))).size() == 1);
        assertEquals(0, fakes.requests(postRequestedFor(urlPathEqualTo("/internal/memories"))
                .withRequestBody(containing("user-down"))).size(), "an answer that is not JSON stores nothing");
    }

    @Test
    void anAgentWithoutMemoryNeitherRecallsNorExtracts() {
        String agent = fakes.agent(ws, a -> a.with("config").put("enable_memory", false));
        String session = fakes.session(ws, agent, null);
        String marker = Fakes.marker();
        fakes.llm(marker, "Plain", 5, 1);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", "I live in Oslo " + marker, "external_user_id", "user-none"))
                .when().post("/v1/sessions/" + session + "/execute").then().statusCode(200);
        fakes.wm().verifyThat(0, postRequestedFor(urlPathEqualTo("/internal/memories/search"))
                .withRequestBody(containing("user-none")));
        assertEquals(1, fakes.llmRequests(marker).size(), "no extraction call");
    }
}
