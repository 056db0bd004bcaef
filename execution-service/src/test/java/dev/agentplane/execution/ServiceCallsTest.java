package dev.agentplane.execution;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import static org.hamcrest.Matchers.*;

/**
 * Calls to other services when their connection closes under them (a replica stopping in a rolling restart): the
 * call is made once more, and when the service stays away the caller gets 503 SERVICE_UNAVAILABLE, never 500.
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class ServiceCallsTest {
    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void aConnectionClosedUnderTheCallIsRetriedOnce() {
        String agent = fakes.agent(ws);
        String scenario = "closed-" + agent;
        fakes.wm().register(get(urlPathEqualTo("/internal/agents/" + agent)).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        String marker = Fakes.marker();
        fakes.llm(marker, "made it", 2, 2);
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", marker))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(200)
                .body("status", is("completed"), "output.text", is("made it"));
    }

    @Test
    void aServiceThatKeepsClosingItsConnectionsIsA503() {
        String agent = fakes.agent(ws);
        fakes.wm().register(get(urlPathEqualTo("/internal/agents/" + agent)).atPriority(1)
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        given().auth().oauth2(ws.token()).contentType("application/json").body(Map.of("message", "hi"))
                .when().post("/v1/agents/" + agent + "/execute").then().statusCode(503)
                .contentType("application/problem+json").body("code", is("SERVICE_UNAVAILABLE"));
    }
}
