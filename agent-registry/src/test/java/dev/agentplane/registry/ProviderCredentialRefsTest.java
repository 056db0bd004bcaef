package dev.agentplane.registry;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/**
 * llm_config.provider and fallbacks naming a workspace's provider credential: accepted when the execution service
 * knows it for the caller's workspace (asked with the caller's service token), with any model; refused otherwise.
 */
@QuarkusTest
@QuarkusTestResource(ExecutionServiceStub.class)
class ProviderCredentialRefsTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    private ValidatableResponse validate(String json) {
        return given().auth().oauth2(ws.token()).contentType("application/json").body(json)
                .when().post("/v1/agents/validate").then().statusCode(200);
    }

    private static void known(String name) {
        ExecutionServiceStub.server().stubFor(WireMock.get(WireMock.urlPathEqualTo("/internal/providers/" + name))
                .atPriority(1).willReturn(WireMock.okJson("{\"name\":\"" + name + "\",\"provider\":\"openai\"}")));
    }

    @Test
    void aCredentialOfTheWorkspaceMayBeNamedWithAnyModel() {
        known("team-openai");
        validate("{\"name\": \"a\", \"llm_config\": {\"provider\": \"team-openai\", \"model\": \"my-finetune\"}}")
                .body("valid", is(true));
        given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"name\": \"a\", \"llm_config\": {\"provider\": \"team-openai\", \"model\": \"my-finetune\","
                        + " \"fallbacks\": [{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\"}]}}")
                .post("/v1/agents").then().statusCode(201)
                .body("llm_config.provider", is("team-openai"), "llm_config.fallbacks[0].model", is("gpt-4o-mini"));
        ExecutionServiceStub.server().verify(WireMock.getRequestedFor(WireMock.urlPathEqualTo("/internal/providers/team-openai"))
                .withHeader("Authorization", WireMock.matching("Bearer .+")));
    }

    @Test
    void anUnknownNameAModellessCredentialAndBadFallbacksAreRefused() {
        validate("{\"name\": \"a\", \"llm_config\": {\"provider\": \"nobody-has-it\", \"model\": \"x\"}}")
                .body("valid", is(false), "errors[0].pointer", is("/llm_config/provider"),
                        "errors[0].code", is("UNKNOWN_PROVIDER"));
        known("modelless");
        validate("{\"name\": \"a\", \"llm_config\": {\"provider\": \"modelless\"}}")
                .body("errors[0].pointer", is("/llm_config/model"), "errors[0].code", is("REQUIRED"));
        validate("{\"name\": \"a\", \"llm_config\": {\"fallbacks\": [{\"provider\": \"openai\", \"model\": \"gpt-9\"}]}}")
                .body("errors[0].pointer", is("/llm_config/fallbacks/0/model"), "errors[0].code", is("UNKNOWN_MODEL"));
        validate("{\"name\": \"a\", \"llm_config\": {\"fallbacks\": [{\"provider\": \"openai\"}]}}")
                .body("errors[0].pointer", is("/llm_config/fallbacks/0/model"));
        validate("{\"name\": \"a\", \"llm_config\": {\"fallbacks\": [" + "{\"provider\": \"openai\", \"model\": \"sim-1\"},".repeat(5)
                + "{\"provider\": \"openai\", \"model\": \"sim-1\"}]}}")
                .body("errors[0].pointer", is("/llm_config/fallbacks"));
    }
}
