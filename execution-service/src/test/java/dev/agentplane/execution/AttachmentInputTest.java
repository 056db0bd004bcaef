package dev.agentplane.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Attachments and image parts become model input: document text, signed image URLs, SSRF-checked fetches. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class AttachmentInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private String key(String name) {
        return "attachments/" + ws.workspaceId() + "/" + UUID.randomUUID() + "-" + name;
    }

    private void document(String key, String text) {
        fakes.wm().register(get(urlPathEqualTo("/internal/attachments/" + key + "/text"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))
                .willReturn(okJson("{\"storage_key\":\"" + key + "\",\"content_type\":\"text/plain\",\"text\":"
                        + JSON.valueToTree(text) + ",\"truncated\":false}")));
    }

    private void image(String key, String signedUrl) {
        fakes.wm().register(get(urlPathEqualTo("/internal/attachments/" + key + "/text"))
                .willReturn(WireMockResource.problem(415, "TEXT_NOT_EXTRACTABLE")));
        fakes.wm().register(get(urlPathEqualTo("/internal/attachments/" + key))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))
                .willReturn(okJson("{\"storage_key\":\"" + key + "\",\"content_type\":\"image/png\",\"signed_url\":\""
                        + signedUrl + "\"}")));
    }

    private JsonNode userMessage(String marker) throws Exception {
        JsonNode body = JSON.readTree(fakes.llmRequests(marker).get(0).getBodyAsString());
        JsonNode messages = body.path("messages");
        return messages.get(messages.size() - 1);
    }

    @Test
    void aDocumentGoesIntoThePromptAndAnUploadedImageAsItsSignedUrl() throws Exception {
        String agent = fakes.agent(ws);
        String doc = key("notes.txt");
        String png = key("chart.png");
        document(doc, "Quarterly revenue was 42 million.");
        image(png, "http://localhost:8080/v1/attachments/download/" + png + "?expires=1&signature=abc");
        String marker = Fakes.marker();
        fakes.llm(marker, "Read it", 40, 2);

        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "Summarise " + marker, "attachments", List.of(
                        Map.of("storage_key", doc, "filename", "notes.txt"), Map.of("storage_key", png))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("output.text", is("Read it"));

        JsonNode user = userMessage(marker);
        String text = user.path("content").get(0).path("text").asText();
        assertTrue(text.startsWith("Summarise " + marker), text);
        assertTrue(text.contains("<attachment name=\"notes.txt\" type=\"text/plain\">\nQuarterly revenue was 42 million.\n</attachment>"), text);
        assertEquals("http://localhost:8080/v1/attachments/download/" + png + "?expires=1&signature=abc",
                user.path("content").get(1).path("image_url").path("url").asText());
    }

    @Test
    void anExternalImageIsFetchedBehindTheGuardAndTheModelGetsTheStoredCopy() throws Exception {
        String agent = fakes.agent(ws);
        String stored = key("fetched.png");
        fakes.wm().register(post(urlPathEqualTo("/internal/attachments/fetch"))
                .withRequestBody(matchingJsonPath("$.url", equalTo("https://images.example.com/cat.png")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"storage_key\":\"" + stored + "\",\"content_type\":\"image/png\","
                                + "\"signed_url\":\"http://localhost:8080/signed/cat\"}")));
        String marker = Fakes.marker();
        fakes.llm(marker, "A cat", 30, 2);

        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", List.of(Map.of("type", "text", "text", "What is this? " + marker),
                        Map.of("type", "image_url", "image_url", Map.of("url", "https://images.example.com/cat.png")),
                        Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgo=")))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200);

        JsonNode content = userMessage(marker).path("content");
        assertEquals("http://localhost:8080/signed/cat", content.get(1).path("image_url").path("url").asText());
        assertEquals("data:image/png;base64,iVBORw0KGgo=", content.get(2).path("image_url").path("url").asText());
    }

    @Test
    void aRefusedUrlOrAnUnknownKeyIsA400NamingTheFieldAndNothingRuns() {
        String agent = fakes.agent(ws);
        fakes.wm().register(post(urlPathEqualTo("/internal/attachments/fetch"))
                .withRequestBody(matchingJsonPath("$.url", equalTo("http://169.254.169.254/latest/meta-data")))
                .willReturn(WireMockResource.problem(400, "URL_NOT_ALLOWED")));
        String marker = Fakes.marker();
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("content", List.of(Map.of("type", "text", "text", "look " + marker),
                        Map.of("type", "image_url", "image_url", Map.of("url", "http://169.254.169.254/latest/meta-data")))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(400)
                .contentType("application/problem+json").body("code", is("INVALID_INPUT"),
                        "errors[0].field", is("content[1].image_url.url"),
                        "errors[0].message", containsString("may not be fetched"));

        String missing = key("gone.txt");
        fakes.wm().register(get(urlPathEqualTo("/internal/attachments/" + missing + "/text"))
                .willReturn(WireMockResource.problem(404, "ATTACHMENT_NOT_FOUND")));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "read " + marker, "attachments", List.of(Map.of("storage_key", missing))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("attachments[0].storage_key"));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "read " + marker, "attachments", List.of(Map.of("storage_key", "../../etc/passwd"))))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(400)
                .body("errors[0].field", is("attachments[0].storage_key"));
        assertTrue(fakes.llmRequests(marker).isEmpty());
        fakes.wm().verifyThat(0, postRequestedFor(urlPathEqualTo("/internal/credits/reservations"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws))));
    }
}
