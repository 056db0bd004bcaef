package dev.agentplane.execution.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.auth.Claims;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The operator withholds its own provider from a tier (the test profile: {@code openai} from tier {@code byok}): a
 * workspace on that tier brings its own credential — without one its runs are refused up front with
 * PROVIDER_CREDENTIAL_REQUIRED, with one (even named like the operator's provider) they run on its key, and a
 * fallback on the withheld provider is skipped.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ProviderTiersTest {
    @Inject
    Fakes fakes;
    @ConfigProperty(name = "test.wiremock.port")
    int port;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    /** A token of the workspace on tier {@code byok}. */
    private String byokToken() {
        return Jwt.subject("test-user").groups(Set.of(Scopes.WORKSPACE)).claim(Claims.TENANT, ws.tenantId())
                .claim(Claims.WORKSPACE, ws.workspaceId()).claim(Claims.TIER, "byok").expiresIn(600).sign();
    }

    /** An agent the registry answers to the byok token (the usual fake answers tier team's service token). */
    private String agent(Consumer<ObjectNode> llm) {
        String id = fakes.agent(ws, a -> llm.accept(a.putObject("llm_config").put("max_tokens", 50)));
        fakes.wm().register(get(urlPathMatching("/internal/agents/" + id + "(/versions/3)?"))
                .willReturn(okJson(fakes.definition(id).toString())));
        return id;
    }

    private ValidatableResponse execute(String agent, String message) {
        return given().auth().oauth2(byokToken()).contentType("application/json").body(Map.of("message", message))
                .post("/v1/agents/" + agent + "/execute").then();
    }

    private ValidatableResponse credential(String token, String name, String key) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("provider", "openai_compatible",
                "name", name, "api_key", key, "base_url", "http://127.0.0.1:" + port + "/v1")).post("/v1/providers").then();
    }

    @Test
    void withoutItsOwnCredentialTheRunIsRefusedBeforeAnyCall() {
        String onDefault = agent(llm -> llm.put("model", "sim-1"));
        String onOperator = agent(llm -> llm.put("provider", "openai").put("model", "sim-1"));
        String marker = Fakes.marker();
        fakes.llm(marker, "should not run", 3, 2);
        for (String agent : new String[]{onDefault, onOperator}) {
            execute(agent, marker).statusCode(422).contentType("application/problem+json")
                    .body("code", is("PROVIDER_CREDENTIAL_REQUIRED"),
                            "detail", allOf(containsString("'byok' tier"), containsString("POST /v1/providers")));
        }
        assertTrue(fakes.llmRequests(marker).isEmpty(), "no model call was made");
        // the same workspace's token on another tier may use the operator's provider
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .post("/v1/agents/" + onOperator + "/execute").then().statusCode(200);
    }

    @Test
    void withItsOwnCredentialTheRunGoesOnItsKeyEvenUnderTheOperatorsName() {
        String key = ProviderCredentialsApiTest.key();
        // on a tier the operator serves, the name would never be used: refused
        credential(ws.token(), "openai", key).statusCode(400).body("code", is("INVALID_INPUT"), "errors[0].field", is("name"),
                "errors[0].message", containsString("platform's own provider"));
        credential(byokToken(), "openai", key).statusCode(201);
        String agent = agent(llm -> llm.put("provider", "openai").put("model", "sim-1"));
        String marker = Fakes.marker();
        fakes.llm(marker, "on my key", 3, 2);
        execute(agent, marker).statusCode(200).body("output.text", is("on my key"), "steps[0].model", is("openai/sim-1"));
        assertEquals("Bearer " + key, fakes.llmRequests(marker).get(0).getHeader("Authorization"));
    }

    @Test
    void aFallbackOnTheWithheldProviderIsSkipped() {
        credential(byokToken(), "mine", "sk-" + Fakes.marker()).statusCode(201);
        String agent = agent(llm -> llm.put("provider", "mine").put("model", "own-model")
                .putArray("fallbacks").addObject().put("provider", "openai").put("model", "sim-1"));
        String marker = Fakes.marker();
        fakes.llmError(marker, 500);
        execute(agent, marker).statusCode(502).body("code", is("EXECUTION_FAILED"),
                "detail", allOf(containsString("'byok' tier"), containsString("mine/own-model"), containsString("500")));
        assertEquals(3, fakes.llmRequests(marker).size(), "the primary's attempts only; the withheld fallback is never called");
    }
}
