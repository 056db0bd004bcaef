package dev.agentplane.execution.tools;

import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.Sse;
import dev.agentplane.execution.support.ToolServersResource;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * generate_image against an OpenAI-compatible images endpoint (WireMock on 127.0.0.1 standing in for the operator's
 * provider; the platform's attachment-service is the platform WireMock): the image is stored as an attachment of the
 * caller's workspace, and the run's stream carries media_gen_submitted and media_gen_complete around the job.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(ToolServersResource.class)
class GenerateImageTest {
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==");

    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void anImageIsGeneratedStoredAsAnAttachmentAndAnnouncedOnTheStream() {
        String marker = Fakes.marker();
        String prompt = "a red fox " + marker;
        ToolServersResource.http.stubFor(post(urlPathEqualTo("/images/v1/images/generations"))
                .withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
                .withHeader("Authorization", equalTo("Bearer image-key"))
                .willReturn(okJson("{\"created\": 1, \"data\": [{\"b64_json\": \"" + Base64.getEncoder().encodeToString(PNG)
                        + "\"}]}").withFixedDelay(300)));
        String key = "attachments/" + ws.workspaceId() + "/generated-" + marker + ".png";
        fakes.wm().register(post(urlPathEqualTo("/internal/attachments/images"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))
                .withRequestBody(matchingJsonPath("$.data", equalTo(Base64.getEncoder().encodeToString(PNG))))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"storage_key\": \"" + key + "\", \"content_type\": \"image/png\","
                                + " \"signed_url\": \"http://localhost:8080/signed/" + marker + "\"}")));
        String agent = fakes.agent(ws, a -> a.putArray("tools").add("generate_image"));
        fakes.llmTools(marker, Map.of("generate_image", "{\"prompt\": \"" + prompt + "\"}"), "Here is your fox.", 10, 4);

        String answer = given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "draw " + marker)).when().post("/v1/agents/" + agent + "/execute").then()
                .statusCode(200).body("status", is("completed"), "messages[1].content", containsString(key),
                        "messages[1].content", containsString("/signed/" + marker), "steps[1].error", is(false))
                .extract().asString();
        String execution = new JsonPath(answer).getString("execution_id");
        List<Sse.Event> events = Sse.parse(given().auth().oauth2(ws.token())
                .get("/v1/executions/" + execution + "/events").then().statusCode(200).extract().asString());
        List<String> types = events.stream().map(Sse.Event::type).filter(t -> !t.equals("heartbeat")).toList();
        int submitted = types.indexOf("media_gen_submitted");
        int complete = types.indexOf("media_gen_complete");
        assertTrue(types.indexOf("tool_call") < submitted && submitted < complete
                && complete < types.indexOf("tool_result"), types.toString());
        JsonPath done = events.get(events.stream().map(Sse.Event::type).toList().indexOf("media_gen_complete")).data();
        assertEquals(key, done.getString("storage_key"));
        assertEquals("call_0", done.getString("tool_call_id"));
        assertEquals("http://localhost:8080/signed/" + marker, done.getString("url"));
        assertEquals(1, fakes.requests(postRequestedFor(urlPathEqualTo("/internal/attachments/images"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))).size(), "stored once, in the caller's workspace");
    }

    @Test
    void aFailingProviderIsAToolErrorAndNothingIsStored() {
        String marker = Fakes.marker();
        ToolServersResource.http.stubFor(post(urlPathEqualTo("/images/v1/images/generations"))
                .withRequestBody(containing(marker)).willReturn(aResponse().withStatus(500)));
        String agent = fakes.agent(ws, a -> a.putArray("tools").add("generate_image"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"prompt\": \"x " + marker + "\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/generate_image").then().statusCode(200)
                .body("status", is("error"), "message", containsString("HTTP 500"), "risk_level", is("low"));
        assertEquals(0, fakes.requests(postRequestedFor(urlPathEqualTo("/internal/attachments/images"))
                .withHeader("Authorization", equalTo(fakes.bearerOf(ws)))).size());
    }
}
