package dev.agentplane.execution.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.execution.support.Fakes;
import dev.agentplane.execution.support.TestMcpServer;
import dev.agentplane.execution.support.ToolServersResource;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Tools of MCP servers an agent declares ({@code config.worker_config.mcp_servers}), against a real MCP server on
 * 127.0.0.1 (the tests allow 127.0.0.1/32 only, like an operator's allowance).
 */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(ToolServersResource.class)
class McpToolsTest {
    private static final String SECRET = "mcp-secret-7f3a";
    private static TestMcpServer mcp;

    @Inject
    Fakes fakes;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @BeforeAll
    static void start() throws Exception {
        mcp = new TestMcpServer();
    }

    @AfterAll
    static void stop() throws Exception {
        mcp.close();
    }

    @Test
    void theModelCallsAnMcpToolThroughTheLedger() {
        String marker = Fakes.marker();
        String agent = agentWith(mcp.url());
        fakes.llmTools(marker, Map.of("calc__add", "{\"a\":2,\"b\":3}"), "It is 5.", 10, 4);
        int before = mcp.calls("add");

        String answer = execute(agent, marker).statusCode(200)
                .body("status", is("completed"), "output.text", is("It is 5."), "messages[1].content", is("5.0"),
                        "steps[1].error", is(false))
                .extract().asString();
        String execution = new JsonPath(answer).getString("execution_id");
        assertEquals(before + 1, mcp.calls("add"));
        assertEquals(SECRET, mcp.apiKeys.get(mcp.apiKeys.size() - 1), "the declared header reaches the server");
        JsonPath offered = new JsonPath(fakes.llmRequests(marker).get(0).getBodyAsString());
        assertEquals(List.of("calc__add", "calc__shout"), offered.getList("tools.function.name"));
        assertEquals("number", offered.getString("tools[0].function.parameters.properties.a.type"));

        given().auth().oauth2(ws.token()).when().get("/v1/executions/" + execution + "/steps").then().statusCode(200)
                .body("steps[1].toolkit", is("calc"), "steps[1].name", is("calc__add"), "steps[1].state", is("done"),
                        "steps[1].arguments.a", is(2), "steps[1].result", is(5.0f));
        String events = given().auth().oauth2(ws.token()).when().get("/v1/executions/" + execution + "/events")
                .then().statusCode(200).extract().asString();
        assertTrue(events.contains("\"name\":\"calc__add\""), events);
        assertFalse(events.contains(SECRET) || answer.contains(SECRET), "the header's value is never shown");
    }

    @Test
    void aVersionsToolListIsKept() throws Exception {
        try (TestMcpServer own = new TestMcpServer()) {
            String agent = agentWith(own.url());
            String first = Fakes.marker();
            fakes.llm(first, "ok", 3, 1);
            execute(agent, first).statusCode(200);
            own.remove("shout");
            String second = Fakes.marker();
            fakes.llm(second, "ok", 3, 1);
            execute(agent, second).statusCode(200);
            assertEquals(List.of("calc__add", "calc__shout"), new JsonPath(fakes.llmRequests(second).get(0)
                    .getBodyAsString()).getList("tools.function.name"), "the same version: the list of its first run");

            String other = agentWith(own.url());
            String third = Fakes.marker();
            fakes.llm(third, "ok", 3, 1);
            execute(other, third).statusCode(200);
            assertEquals(List.of("calc__add"), new JsonPath(fakes.llmRequests(third).get(0).getBodyAsString())
                    .getList("tools.function.name"), "another agent lists the server anew");
        }
    }

    @Test
    void aServerTheGuardRefusesOffersNothing() throws Exception {
        // a real server on loopback, but outside the allowed 127.0.0.1/32: never contacted
        try (TestMcpServer refused = new TestMcpServer("127.0.0.2")) {
            String marker = Fakes.marker();
            String agent = agentWith(refused.url());
            fakes.llm(marker, "no tools", 3, 1);
            execute(agent, marker).statusCode(200).body("status", is("completed"));
            assertFalse(fakes.llmRequests(marker).get(0).getBodyAsString().contains("calc__"));
            assertEquals(0, refused.requests.get());
        }
    }

    @Test
    void anAgentCannotCallToolsOfAServerItDoesNotDeclare() {
        String marker = Fakes.marker();
        String agent = fakes.agent(ws, a -> a.putArray("tools").add("calculator"));
        fakes.llmTools(marker, Map.of("calc__shout", "{\"text\":\"hi\"}"), "done", 5, 2);
        int before = mcp.calls("shout");
        execute(agent, marker).statusCode(200)
                .body("messages[1].content", containsString("No tool 'calc__shout' is offered"), "steps[1].error", is(true));
        assertEquals(before, mcp.calls("shout"));
    }

    @Test
    void anMcpToolRunsDirectlyAsAToolkitMethod() {
        String agent = agentWith(mcp.url());
        int before = mcp.calls("shout");
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"text\": \"hello\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/calc/shout").then().statusCode(200)
                .body("status", is("success"), "toolkit", is("calc"), "method", is("calc__shout"), "result", is("HELLO"),
                        "risk_level", is("medium"), "run_id", startsWith("tkr_"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"a\": 1, \"b\": 2}")
                .when().post("/v1/agents/" + agent + "/toolkits/calc/add").then().statusCode(200)
                .body("status", is("success"), "result", is(3.0f), "risk_level", is("low"));
        assertEquals(before + 1, mcp.calls("shout"));
        given().auth().oauth2(ws.token()).contentType("application/json").body("{}")
                .when().post("/v1/agents/" + agent + "/toolkits/calc/teleport").then().statusCode(404)
                .body("code", is("TOOL_NOT_FOUND"));
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json").body("{\"text\": \"x\"}")
                .when().post("/v1/agents/" + agent + "/toolkits/calc/shout").then().statusCode(404)
                .body("code", is("AGENT_NOT_FOUND"));
        assertEquals(before + 1, mcp.calls("shout"));
    }

    private String agentWith(String url) {
        return fakes.agent(ws, a -> {
            ObjectNode server = ((ObjectNode) a.get("config")).putObject("worker_config").putArray("mcp_servers")
                    .addObject().put("name", "calc").put("url", url);
            server.putObject("headers").put("X-Api-Key", SECRET);
        });
    }

    private io.restassured.response.ValidatableResponse execute(String agent, String marker) {
        return given().auth().oauth2(ws.token()).contentType("application/json")
                .body(Map.of("message", "use the tools " + marker)).when().post("/v1/agents/" + agent + "/execute").then();
    }
}
