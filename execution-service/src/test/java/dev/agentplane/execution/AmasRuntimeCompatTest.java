package dev.agentplane.execution;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeds 000/001's POST /api/v1/runtime/{session}/execute/: seed 000's session object and seed 001's response.content. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class AmasRuntimeCompatTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void executeAnswersSeed000sObjectAndSeed001sResponse() {
        String session = fakes.session(ws, fakes.agent(ws), null);
        String marker = Fakes.marker();
        fakes.llm(marker, "Hello! I'd be happy to help you with your account.", 125, 42);
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", "Hello! I need help with my account. " + marker,
                        "inputs", Map.of("user_id", "user_12345")))
                .when().post("/api/v1/runtime/" + session + "/execute/").then().statusCode(200)
                .header("X-Credits-Remaining", notNullValue())
                .body("id", is(session), "object", is("agent.session"), "status", is("completed"),
                        "created_at", isA(Integer.class), "completed_at", isA(Integer.class), "config", anEmptyMap(),
                        "messages", hasSize(1), "messages[0].id", notNullValue(), "messages[0].role", is("assistant"),
                        "messages[0].content", is("Hello! I'd be happy to help you with your account."),
                        "messages[0].created_at", isA(Integer.class), "execution_time", isA(Integer.class),
                        "metadata.keySet()", containsInAnyOrder("correlation_id", "event_count", "execution_id", "usage"),
                        "metadata.correlation_id", nullValue(), "metadata.event_count", greaterThan(0),
                        "metadata.execution_id", notNullValue(), "metadata.usage.input_tokens", is(125),
                        "metadata.usage.output_tokens", is(42),
                        "response.content", is("Hello! I'd be happy to help you with your account."));
    }

    @Test
    void contentPartsWithAnImageUrlReachTheModel() {
        String session = fakes.session(ws, fakes.agent(ws), null);
        String marker = Fakes.marker();
        fakes.llm(marker, "A cat.", 10, 2);
        // a public URL is fetched and stored by attachment-service first (its SSRF guard); the model gets the signed URL
        fakes.wm().register(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/internal/attachments/fetch"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.url",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("https://example.com/public-image.jpg")))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"storage_key\":\"ws/img-" + marker + ".jpg\",\"content_type\":\"image/jpeg\","
                                + "\"signed_url\":\"http://localhost:8080/signed/public-image\"}")));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", List.of(Map.of("type", "text", "text", "What is shown in this image? " + marker),
                        Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/public-image.jpg")),
                        Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgo=")))))
                .when().post("/api/v1/runtime/" + session + "/execute").then().statusCode(200)
                .body("response.content", is("A cat."));
        String prompt = fakes.llmRequests(marker).get(0).getBodyAsString();
        assertTrue(prompt.contains("http://localhost:8080/signed/public-image")
                && prompt.contains("data:image/png;base64,iVBORw0KGgo="), prompt);
    }

    @Test
    void errorsAreSeed001sStatuses() {
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("content", "hi"))
                .when().post("/api/v1/runtime/no-such-session/execute/").then().statusCode(404)
                .body("code", is("SESSION_NOT_FOUND"));
        given().contentType("application/json").body(Map.of("content", "hi"))
                .when().post("/api/v1/runtime/x/execute/").then().statusCode(401);
        String session = fakes.session(ws, fakes.agent(ws), null);
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"content\": 5}")
                .when().post("/api/v1/runtime/" + session + "/execute/").then().statusCode(400);
    }
}
