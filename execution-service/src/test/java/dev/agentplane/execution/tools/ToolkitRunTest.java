package dev.agentplane.execution.tools;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.ToolServersResource;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.execution.tools.ledger.LedgerEntry;
import dev.agentplane.execution.tools.ledger.ToolLedger;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST /v1/agents/{id}/toolkits/{toolkit}/{method}: one method run directly, recorded in the ledger. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(ToolServersResource.class)
class ToolkitRunTest {
    @Inject
    Fakes fakes;
    @Inject
    ToolLedger ledger;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void aListedMethodRunsAndIsRecorded() {
        String agent = fakes.agent(ws, a -> a.putArray("tools").add("calculator").add("current_time"));
        JsonPath body = given().auth().oauth2(ws.token()).contentType("application/json")
                .body("{\"expression\": \"(2+3)*4\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/calculator")
                .then().statusCode(200)
                .body("status", is("success"), "message", is("Toolkit method executed successfully"),
                        "result.result", is(20), "toolkit", is("builtin"), "method", is("calculator"),
                        "risk_level", is("low"), "requires_confirmation", is(false), "run_id", startsWith("tkr_"))
                .extract().jsonPath();
        List<LedgerEntry> calls = ledger.calls(ws.workspaceId(), body.getString("run_id"));
        assertEquals(1, calls.size());
        assertEquals("done", calls.get(0).state());
        assertEquals(agent, calls.get(0).agentId());

        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"timezone\": \"Nowhere/Land\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/current_time")
                .then().statusCode(200).body("status", is("error"), "message", containsString("IANA"),
                        "result", nullValue());
    }

    @Test
    void anIdempotencyKeyReplaysTheRecordedRun() {
        String agent = fakes.agent(ws, a -> a.putArray("tools").add("http_request"));
        String path = "/direct-" + UUID.randomUUID();
        WireMock server = new WireMock("127.0.0.1", ToolServersResource.http.port());
        server.register(post(urlPathEqualTo(path)).willReturn(okJson("{\"ok\": true}")));
        String args = "{\"url\": \"http://127.0.0.1:" + ToolServersResource.http.port() + path + "\", \"method\": \"POST\"}";
        String key = "k-" + UUID.randomUUID();
        String first = given().auth().oauth2(ws.token()).contentType("application/json").header("Idempotency-Key", key)
                .body(args).when().post("/v1/agents/" + agent + "/toolkits/builtin/http_request")
                .then().statusCode(200).body("status", is("success"), "result.status", is(200))
                .extract().path("run_id");
        given().auth().oauth2(ws.token()).contentType("application/json").header("Idempotency-Key", key)
                .body(args).when().post("/v1/agents/" + agent + "/toolkits/builtin/http_request")
                .then().statusCode(200).body("run_id", is(first), "result.body", containsString("true"));
        server.verifyThat(1, postRequestedFor(urlPathEqualTo(path)));
        given().auth().oauth2(ws.token()).contentType("application/json").header("Idempotency-Key", key)
                .body("{\"url\": \"http://127.0.0.1:1/other\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/http_request")
                .then().statusCode(422).body("code", is("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void errors() {
        String agent = fakes.agent(ws, a -> a.putArray("tools").add("calculator"));
        // the agent lists calculator only
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"to\": \"a@b.com\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/send_email")
                .then().statusCode(403).body("code", is("TOOL_NOT_ALLOWED"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/delete_records")
                .then().statusCode(404).body("code", is("TOOL_NOT_FOUND"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                .when().post("/v1/agents/" + agent + "/toolkits/CalendarToolkit/calculator")
                .then().statusCode(404).body("code", is("TOOL_NOT_FOUND"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("[1, 2]")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/calculator")
                .then().statusCode(400).body("code", is("INVALID_INPUT"));
        // another workspace does not see the agent
        TestTokens.Workspace other = TestTokens.newWorkspace();
        given().auth().oauth2(other.token()).contentType("application/json").body("{\"expression\": \"1+1\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/calculator")
                .then().statusCode(404).body("code", is("AGENT_NOT_FOUND"));
        given().contentType("application/json").body("{}")
                .when().post("/v1/agents/" + agent + "/toolkits/builtin/calculator").then().statusCode(401);
    }
}
